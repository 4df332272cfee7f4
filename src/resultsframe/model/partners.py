"""Who contributes to a framework: partners (organisations) and their initiatives.

An umbrella framework such as the Child Online Protection targets is filled by the work of
others: "every organization would contribute to the umbrella framework according to the
activities already undertaken". A :class:`Partner` is one such organisation; an
:class:`Initiative` is what it runs (a study, a network of hotlines, a convention, a
database), with the results and indicators it contributes to, the period it covers, the
countries it works in and, when known, its funding.

Each record is frozen and checked on its own; :class:`~resultsframe.Framework` checks what needs
the whole framework (:func:`partner_problems`): ids given twice, an initiative whose partner is
not one of the framework's, a contribution to an id that is neither a result nor an indicator.
:class:`Partnerships` gives the framework its lookups by id.

>>> from resultsframe.model.partners import Initiative, Partner
>>> Partner(id="IWF", name="Internet Watch Foundation", kind="ngo").kind
<PartnerKind.NGO: 'ngo'>
>>> Initiative(id="iwf-portals", partner="IWF", name="IWF international reporting portals",
...            contributes_to=["P2.6.a"], period="2017-10/2022").period.end
datetime.date(2022, 12, 31)
"""

from __future__ import annotations

import enum
import math
from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any, TypeVar

import attrs

from resultsframe.exceptions import Problem, UnknownIdError, checked, did_you_mean
from resultsframe.model.checks import (
    _id_validator,
    _optional_text,
    _text,
    _to_period,
    check_id,
    duplicates,
    to_enum,
)
from resultsframe.model.countries import check_country
from resultsframe.model.mappings import Mapping, _member, to_mappings
from resultsframe.periods import Period, fiscal_mismatch
from resultsframe.units import CURRENCIES, Quantity, parse_unit

if TYPE_CHECKING:
    from resultsframe.framework import Framework

__all__ = [
    "Funding",
    "Initiative",
    "Partner",
    "PartnerKind",
    "Partnerships",
    "partner_problems",
]


class PartnerKind(enum.StrEnum):
    """What kind of organisation a partner is."""

    UN_AGENCY = "un_agency"
    """A United Nations agency, fund, programme or office (ITU, UNICEF, an SRSG)."""
    INTERGOVERNMENTAL = "intergovernmental"
    """An organisation of states other than the UN (the Council of Europe, INTERPOL, the EU)."""
    GOVERNMENT = "government"
    """A national or local government, or one of its ministries or agencies."""
    NGO = "ngo"
    """A non-governmental, non-profit organisation (ICMEC, the IWF)."""
    INDUSTRY = "industry"
    """A company or an association of companies."""
    ACADEMIC = "academic"
    """A university or research institute."""
    NETWORK = "network"
    """A network or alliance of organisations (INHOPE, of national hotlines)."""
    OTHER = "other"
    """Anything else."""


def _amount(_instance: object, _attribute: object, value: Any) -> None:
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise ValueError(f"Funding.amount must be a finite number, 0 or more; got {value!r}")


def _currency(_instance: object, _attribute: object, value: Any) -> None:
    if isinstance(value, str) and value in CURRENCIES:
        return
    hint = ""
    if isinstance(value, str) and value.upper() in CURRENCIES:
        hint = f"; currency codes are written in capitals: {value.upper()!r}"
    raise ValueError(
        f"Funding.currency must be an ISO 4217 code ('USD', 'EUR', 'CHF' …); got {value!r}{hint}"
    )


def _url(instance: object, _attribute: object, value: Any) -> None:
    if value is not None and (
        not isinstance(value, str) or not value.startswith(("https://", "http://"))
    ):
        raise ValueError(
            f"{type(instance).__name__}.url must start with 'https://' or 'http://'; got {value!r}"
        )


def _to_ids(value: Iterable[str] | str) -> tuple[str, ...]:
    return (value,) if isinstance(value, str) else tuple(value)


def _ids(_instance: object, _attribute: object, value: tuple[object, ...]) -> None:
    for item in value:
        try:
            check_id(item, "a result or indicator")
        except ValueError as exc:
            raise ValueError(f"Initiative.contributes_to must hold ids: {exc}") from None
    twice = next(iter(duplicates(value)), None)
    if twice is not None:
        raise ValueError(f"Initiative.contributes_to names {twice!r} twice; name each id once")


def _countries(_instance: object, _attribute: object, value: tuple[object, ...]) -> None:
    for item in value:
        try:
            check_country(item)
        except ValueError as exc:
            raise ValueError(
                f"Initiative.countries must be ISO 3166-1 alpha-2 codes: {exc}"
            ) from None
    twice = next(iter(duplicates(value)), None)
    if twice is not None:
        raise ValueError(f"Initiative.countries lists {twice!r} twice; list each country once")


def _to_kind(value: PartnerKind | str) -> PartnerKind:
    return to_enum(PartnerKind, value, "Partner.kind")


@checked
@attrs.frozen(kw_only=True)
class Funding:
    """What an initiative is funded with: an amount in an ISO 4217 currency.

    Currencies are never converted: amounts in different currencies are different units
    (:mod:`resultsframe.units`), and the exchange rate is the reader's to choose.

    >>> Funding(amount=250000, currency="USD").quantity
    <Quantity(250000, 'USD')>
    """

    amount: float = attrs.field(validator=_amount)
    currency: str = attrs.field(validator=_currency)

    @property
    def quantity(self) -> Quantity[Any]:
        """The amount as a pint quantity in its currency."""
        unit = parse_unit(self.currency)
        quantity: Quantity[Any] = self.amount * unit
        return quantity


@checked
@attrs.frozen(kw_only=True)
class Partner:
    """An organisation that contributes to the framework.

    Attributes:
        id: A short id (``"ICMEC"``).
        name: Its name.
        kind: What kind of organisation it is (:class:`PartnerKind`: ``"un_agency"``,
            ``"intergovernmental"``, ``"government"``, ``"ngo"``, ``"industry"``,
            ``"academic"``, ``"network"`` or ``"other"``).
        url: Its web address.
        source: Where what is said of it comes from.
    """

    id: str = attrs.field(validator=_id_validator("partner"))
    name: str = attrs.field(validator=_text)
    kind: PartnerKind = attrs.field(converter=_to_kind)
    url: str | None = attrs.field(default=None, validator=_url)
    source: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen(kw_only=True)
class Initiative:
    """Something a partner runs that contributes to results or indicators of the framework.

    Attributes:
        id: A short id (``"iwf-portals"``).
        partner: The id of the partner that runs it.
        name: Its name.
        contributes_to: The ids of the results and indicators it contributes to.
        period: The period it runs or reports on (``"2017-10/2022"``), when known.
        countries: The countries it works in, as ISO 3166-1 alpha-2 codes (``"TZ"``); none
            when it is global or they are not known.
        funding: Its funding, when known.
        description: What it does.
        source: Where what is said of it comes from.
        framework: The member it contributes through, when it has one: the id of a framework
            of its own, or ``"iati:"`` and an IATI activity identifier (keyword-only; see
            :mod:`resultsframe.model.mappings`).
        mappings: Which of the member's indicators feed which of the framework's, and by which
            rule (:class:`~resultsframe.model.mappings.Mapping`).
    """

    id: str = attrs.field(validator=_id_validator("initiative"))
    partner: str = attrs.field(validator=_id_validator("partner"))
    name: str = attrs.field(validator=_text)
    contributes_to: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_ids, validator=_ids)
    period: Period | None = attrs.field(default=None, converter=_to_period)
    countries: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_ids, validator=_countries)
    funding: Funding | None = attrs.field(
        default=None, validator=attrs.validators.optional(attrs.validators.instance_of(Funding))
    )
    description: str | None = attrs.field(default=None, validator=_optional_text)
    source: str | None = attrs.field(default=None, validator=_optional_text)
    framework: str | None = attrs.field(default=None, validator=_member)
    mappings: tuple[Mapping, ...] = attrs.field(
        factory=tuple,
        converter=to_mappings,
        validator=attrs.validators.deep_iterable(attrs.validators.instance_of(Mapping)),
    )


# --- lookups and whole-framework checks --------------------------------------------------------

_R = TypeVar("_R", Partner, Initiative)
# How many ids an error message lists before it only counts the rest.
_LISTED = 12


def _find(items: tuple[_R, ...], wanted: str, what: str, framework: str) -> _R:
    for item in items:
        if item.id == wanted:
            return item
    known = [item.id for item in items]
    near = did_you_mean(wanted, known)
    hint = f" ({near})" if near else ""
    listing = ", ".join(known[:_LISTED]) if known else "none"
    if len(known) > _LISTED:
        listing += f" … and {len(known) - _LISTED} more"
    raise UnknownIdError(
        f"framework {framework!r} has no {what} {wanted!r}{hint}; its {what}s: {listing}"
    )


class Partnerships:
    """The lookups of a framework's partners and initiatives.

    :class:`~resultsframe.Framework` inherits them, as it does its variants.
    """

    __slots__ = ()

    def partner(self, partner_id: str) -> Partner:
        """The partner with this id.

        Raises:
            UnknownIdError: if the framework has no such partner; the message names the closest
                id and lists the partners.

        >>> import resultsframe
        >>> resultsframe.examples.load("cop").partner("IWF").name
        'Internet Watch Foundation'
        """
        framework = _framework(self)
        return _find(framework.partners, partner_id, "partner", framework.id)

    def initiative(self, initiative_id: str) -> Initiative:
        """The initiative with this id.

        Raises:
            UnknownIdError: if the framework has no such initiative; the message names the
                closest id and lists the initiatives.
        """
        framework = _framework(self)
        return _find(framework.initiatives, initiative_id, "initiative", framework.id)

    def initiatives_of(self, partner_id: str) -> tuple[Initiative, ...]:
        """The initiatives a partner runs, in the framework's order.

        Raises:
            UnknownIdError: if the framework has no such partner.
        """
        self.partner(partner_id)
        return tuple(i for i in _framework(self).initiatives if i.partner == partner_id)

    def contributions_to(self, node_id: str) -> tuple[Initiative, ...]:
        """The initiatives that contribute to a result or an indicator, in the framework's order.

        >>> import resultsframe
        >>> [i.id for i in resultsframe.examples.load("cop").contributions_to("T2.a")]
        ['inhope-hotlines']

        Raises:
            UnknownIdError: if the framework has no such result or indicator.
        """
        framework = _framework(self)
        if node_id not in framework.results and node_id not in framework.indicators:
            raise UnknownIdError(
                f"framework {framework.id!r} has no result or indicator {node_id!r}"
            )
        return tuple(i for i in framework.initiatives if node_id in i.contributes_to)


def _framework(holder: Partnerships) -> Framework:
    return holder  # type: ignore[return-value]  # only Framework inherits Partnerships


def partner_problems(
    partners: tuple[Partner, ...],
    initiatives: tuple[Initiative, ...],
    node_ids: Collection[str],
    fiscal_year_end: str | None = None,
) -> list[Problem]:
    """What is wrong with a framework's partners and initiatives, given its result and indicator ids.

    Each problem's ``where`` starts with the id it is about; a contribution's problem also names
    the id contributed to, and a period's problem ends with ``"period"``.

    >>> p = Partner(id="IWF", name="Internet Watch Foundation", kind="ngo")
    >>> i = Initiative(id="portals", partner="IWF", name="portals", contributes_to=["P2.6a"])
    >>> for problem in partner_problems((p, p), (i,), {"P2.6", "P2.6.a"}):
    ...     print(problem.code, problem.where)
    duplicate-partner ('IWF',)
    unknown-contribution ('portals', 'P2.6a')
    """
    problems: list[Problem] = []
    for pid in duplicates(p.id for p in partners):
        problems.append(
            Problem(
                "duplicate-partner", "two or more partners have this id; give each its own", (pid,)
            )
        )
    for iid in duplicates(i.id for i in initiatives):
        problems.append(
            Problem(
                "duplicate-initiative",
                "two or more initiatives have this id; give each its own",
                (iid,),
            )
        )
    partner_ids = list(dict.fromkeys(p.id for p in partners))
    known = set(partner_ids)
    for initiative in initiatives:
        if initiative.partner not in known:
            problems.append(_unknown_partner(initiative, partner_ids))
        for ref in initiative.contributes_to:
            if ref not in node_ids:
                # Looking for the closest id costs a pass over every id: only for the first few.
                near = did_you_mean(ref, node_ids) if len(problems) < _LISTED else ""
                hint = f" ({near})" if near else ""
                problems.append(
                    Problem(
                        "unknown-contribution",
                        f"contributes to {ref!r}, which is neither a result nor an indicator of "
                        f"the framework{hint}; correct the id or remove it from contributes_to",
                        (initiative.id, ref),
                    )
                )
        if initiative.period is not None:
            message = fiscal_mismatch(initiative.period, fiscal_year_end)
            if message:
                problems.append(Problem("fiscal-year", message, (initiative.id, "period")))
    return problems


def _unknown_partner(initiative: Initiative, partner_ids: list[str]) -> Problem:
    near = did_you_mean(initiative.partner, partner_ids)
    hint = f" ({near})" if near else ""
    listing = ", ".join(partner_ids[:_LISTED]) if partner_ids else "none yet"
    if len(partner_ids) > _LISTED:
        listing += f" … and {len(partner_ids) - _LISTED} more"
    return Problem(
        "unknown-partner",
        f"run by partner {initiative.partner!r}{hint}, which is not one of the framework's "
        f"partners ({listing}); add it to partners or correct the id",
        (initiative.id, initiative.partner),
    )
