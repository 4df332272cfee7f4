"""The one shared pint registry, the domain's counting units, and how text becomes a quantity.

resultsframe uses :func:`pint.get_application_registry` so that quantities made by the library
and by the user's own code can be compared. On first use it adds the units results frameworks
count in (country, child, person, case, service, hotline …). Each counting unit is a dimension of
its own, so "12 countries" and "12 cases" can never be added or compared by mistake. ``percent``
(also written ``%``) is pint's own dimensionless unit: ``60 %`` equals the plain number ``0.6``.

How text is read (:func:`parse_quantity`):

================  ==========================================================
text              result
================  ==========================================================
``"60 %"``        60 percent (a space is optional: ``"60%"`` is the same)
``"12 cases"``    12 case (plural and singular unit names are both known)
``"0.6"``         a bare number is read **in the unit it is expected in**:
                  0.6 percent for a percentage indicator, 0.6 case for a count.
                  Write ``"60 %"`` to mean sixty percent.
``"1,234"``       refused: thousands separators are ambiguous (``1.234``);
                  write ``1234``
``"XX%"``         not a quantity: see :func:`resultsframe.values.parse_value`,
                  which turns it into a :class:`~resultsframe.Pending` value
================  ==========================================================

Units are written to files with an explicit format (:func:`format_unit`), so that a user's pint
display settings can never change a file.

Three kinds of unit beyond pint's own:

- **Counting units a framework declares** (:class:`CountingUnit`, a framework's ``units``):
  "ward", "facility", each a dimension of its own like the built-in ones. Declaring one defines
  it in the shared registry, once, for the whole process: every framework and observation read
  afterwards knows it. A declaration that clashes with a unit of another kind (``metre``) or
  with another unit's name is refused.
- **Rates** ``"per 100000 person"`` (also written ``"per 100 000 persons"`` or
  ``"per 100,000 people"``), ``"per 1000 live_birth"``, and with a numerator,
  ``"case per 1000 person"``. Each is pint's ``1 / (100000 person)``, so 5 per 1000 converts to
  500 per 100 000, while a rate and a plain count never mix. Written back as
  ``"per 100000 person"``.
- **Currencies**: the ISO 4217 codes (:data:`CURRENCIES`: ``USD``, ``EUR``, ``XOF`` …), each a
  dimension of its own, so that an amount in USD is never turned into EUR implicitly:
  converting needs an exchange rate, which is the caller's to choose. They are defined when
  first read.
"""

from __future__ import annotations

import functools
import math
import re
import tokenize
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from typing import Any

import attrs
import pint
from pint.facets.plain import PlainUnit

from resultsframe.exceptions import UnitError, checked, did_you_mean

__all__ = [
    "COUNTING_UNITS",
    "CURRENCIES",
    "MAX_UNIT_LENGTH",
    "CountingUnit",
    "Quantity",
    "Unit",
    "define_counting_unit",
    "format_unit",
    "is_compatible",
    "is_currency",
    "mismatch_hint",
    "parse_quantity",
    "parse_unit",
    "plural_of",
    "registry",
]

Quantity = pint.Quantity
Unit = pint.Unit
# pint leaves its accessor unannotated; this is how resultsframe calls it.
_application_registry: Callable[[], Any] = pint.get_application_registry

#: The counting units defined on first use, singular first, then the other names they go by.
COUNTING_UNITS: tuple[tuple[str, ...], ...] = (
    ("country", "countries"),
    ("region", "regions"),
    ("child", "children"),
    ("person", "people", "persons"),
    ("case", "cases"),
    ("investigation", "investigations"),
    ("service", "services"),
    ("hotline", "hotlines"),
    ("portal", "portals"),
    ("report", "reports"),
    ("school", "schools"),
    ("dialogue", "dialogues"),
    ("guidance", "guidances"),
    ("statistical_framework", "statistical_frameworks"),
    ("practice", "practices"),
    ("consultation", "consultations"),
    ("organisation", "organisations", "organization", "organizations"),
    ("household", "households"),
    ("event", "events"),
    ("document", "documents"),
    ("item", "items"),
)

# ISO 4217, the codes in use in 2025 (list one).
_ISO_4217 = """
    AED AFN ALL AMD AOA ARS AUD AWG AZN BAM BBD BDT BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN
    BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR
    FJD FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY
    KES KGS KHR KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU
    MUR MVR MWK MXN MXV MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON
    RSD RUB RWF SAR SBD SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SYP SZL THB TJS TMT TND TOP TRY
    TTD TWD TZS UAH UGX USD USN UYI UYU UYW UZS VED VES VND VUV WST XAD XAF XAG XAU XBA XBB XBC
    XBD XCD XCG XDR XOF XPD XPF XPT XSU XUA YER ZAR ZMW ZWG
"""
#: The ISO 4217 codes of the currencies and funds in use, each a unit of a dimension of its own
#: (defined when first read). Gold, silver and the IMF's special drawing right (XAU, XAG, XDR)
#: are ISO units too; XTS (testing) and XXX (no currency) are left out.
CURRENCIES: tuple[str, ...] = tuple(_ISO_4217.split())
_CURRENCY_SET = frozenset(CURRENCIES)
_CURRENCY_DIMENSION = "[currency_"

# The plural each counting unit is shown with: the built-in ones, then those defined, the first
# plural a unit was given winning (a process shows a unit one way, whatever it read last).
_PLURALS: dict[str, str] = {names[0]: names[1] for names in COUNTING_UNITS if len(names) > 1}

_NUMBER = r"[-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?"
_SCALES = {"thousand": 10**3, "million": 10**6, "billion": 10**9}
_QUANTITY_RE = re.compile(
    rf"^\s*(?P<number>{_NUMBER})\s*(?:(?P<scale>thousand|million|billion)(?!\w))?\s*"
    r"(?P<unit>.*?)\s*$"
)
_UNIT_ALIASES = {"%": "percent", "pct": "percent"}
_NAME_RE = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
# A rate as people write it ("per 100 000 persons", "per 1000 live_birth") or as pint names it
# ("per_100000_person"). Each part is matched once from where "per" stands: linear in the text.
_GROUPED = r"\d{1,3}(?:[ ,\u00a0\u202f]\d{3})+(?!\d)"
_RATE_RE = re.compile(rf"(?<![\w.])per(?:\s+|_)(?P<n>{_GROUPED}|\d+)(?:\s+|_)(?P<base>[^\W\d]\w*)")
_RATE_NAME_RE = re.compile(r"(?P<times> \* )?(?<!\w)per_(?P<n>\d+)_(?P<base>\w+)")
_CODE_RE = re.compile(r"(?<!\w)[A-Z]{3}(?!\w)")

#: The longest unit text read, in characters. Longer texts are refused before any parsing: no
#: unit needs more, and pint's parser is not linear in the length of what it is given.
MAX_UNIT_LENGTH = 200
# The largest number read from a text: what a document can hold exactly.
_MAX_EXACT = 2**53 - 1
# The longest "number unit" text read: a number of up to 100 characters, then the unit.
_MAX_QUANTITY_LENGTH = MAX_UNIT_LENGTH + 100
#: The largest exponent a unit may have (``"kilometer ** 2"``).
MAX_EXPONENT = 99
# The tokens of a unit text: a name, a number, a power operator, anything else.
_TOKEN_RE = re.compile(
    r"(?P<name>[^\W\d]\w*)|(?P<number>(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)"
    r"|(?P<power>\*\*|\^)|(?P<other>\S)"
)
_RATE_HINT = (
    "write a rate as 'per', a whole number and one unit ('per 100000 person'), "
    "or a ratio with '/' ('case / person')"
)
# What pint may raise on a text it cannot read: its own errors, and those of Python's tokenizer
# and arithmetic that it lets through ("(" → TokenError, "1/0" → ZeroDivisionError).
_PINT_ERRORS = (
    pint.errors.UndefinedUnitError,
    pint.errors.DefinitionSyntaxError,
    tokenize.TokenError,
    SyntaxError,
    ArithmeticError,
    RecursionError,
    AttributeError,
    LookupError,
    ValueError,
    TypeError,
    AssertionError,
)


def _check_name(name: object, what: str) -> str:
    if isinstance(name, str) and _NAME_RE.fullmatch(name):
        return name
    hint = ""
    if isinstance(name, str) and _NAME_RE.fullmatch("_".join(name.split())):
        hint = f"; write {'_'.join(name.split())!r}"
    elif isinstance(name, str):
        hint = "; use ASCII letters, digits and underscores, starting with a letter ('live_birth')"
    raise UnitError(f"{what} must be a single word, got {name!r}{hint}")


def define_counting_unit(name: str, *aliases: str) -> Unit:
    """Add a counting unit of its own dimension to the shared registry, once.

    Defining a unit that exists already, in the same dimension, is harmless; a new alias of it
    is added. The first alias is the plural the unit is shown with
    (:func:`resultsframe.formatting.unit_name`), unless the unit was given one before.

    Args:
        name: The singular name, a single word (``"clinic"``, ``"live_birth"``).
        aliases: Other names for it, its plural first (``"clinics"``).

    Returns:
        The unit.

    Raises:
        UnitError: if ``name`` or an alias is not a single word, ``name`` already names a unit
            of another dimension or a currency, or an alias names another unit.
    """
    _check_name(name, "a counting unit's name")
    for alias in aliases:
        _check_name(alias, f"another name of the counting unit {name!r}")
    if name in _CURRENCY_SET or _RATE_NAME_RE.fullmatch(name):
        kind = "a currency (ISO 4217)" if name in _CURRENCY_SET else "a rate"
        raise UnitError(f"{name!r} is {kind}, built in; choose another name for the counting unit")
    reg = registry()
    if name not in reg:
        for alias in aliases:
            if alias != name and alias in reg:
                raise UnitError(
                    f"{alias!r} already names the unit {format_unit(reg.Unit(alias))!r}; "
                    f"choose another name for the counting unit {name!r}"
                )
        reg.define(f"{name} = [{name}] = _")
    unit = reg.Unit(name)
    if unit.dimensionality != {f"[{name}]": 1}:
        raise UnitError(
            f"{name!r} already names a unit of dimension {unit.dimensionality}; "
            "choose another name for the counting unit"
        )
    for alias in aliases:
        if alias == name:
            continue
        if alias not in reg:
            reg.define(f"@alias {name} = {alias}")
        elif reg.Unit(alias) != unit:
            raise UnitError(
                f"{alias!r} already names the unit {format_unit(reg.Unit(alias))!r}, "
                f"so it cannot be another name of {name!r}; choose another"
            )
    if aliases and aliases[0] != name:
        _PLURALS.setdefault(name, aliases[0])
    return unit


def plural_of(name: str) -> str | None:
    """The plural a counting unit is shown with (``"countries"``); None when it has none.

    >>> plural_of("country"), plural_of("percent")
    ('countries', None)
    """
    return _PLURALS.get(name)


def _optional_word(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None:
        _check_name(value, f"a counting unit's {attribute.name}")


def _optional_text(_instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    if value is not None and (not isinstance(value, str) or not value.strip()):
        raise UnitError(f"a counting unit's {attribute.name} is a text, got {value!r}")


@checked
@attrs.frozen
class CountingUnit:
    """A counting unit a framework declares ("ward", "facility"): a dimension of its own.

    Making one defines it in the shared registry (:func:`define_counting_unit`): from then on
    the whole process knows it, whatever framework it reads. A framework's ``units`` hold the
    ones it declares, so that its document carries them and every reader defines them before
    reading its indicators.

    Attributes:
        name: The singular name, a single word (``"ward"``, ``"live_birth"``).
        plural: The plural it is shown with (``"wards"``), also read as the unit.
        description: What one of it is, for people.

    Raises:
        UnitError: if a name is not a single word, or clashes with a unit of another kind.

    >>> CountingUnit("ward", "wards")
    CountingUnit(name='ward', plural='wards', description=None)
    >>> parse_quantity("12 wards")
    <Quantity(12, 'ward')>
    """

    name: str = attrs.field()
    plural: str | None = attrs.field(default=None, validator=_optional_word)
    description: str | None = attrs.field(default=None, validator=_optional_text)

    @name.validator
    def _name(self, _attribute: attrs.Attribute[str], value: object) -> None:
        _check_name(value, "a counting unit's name")

    def __attrs_post_init__(self) -> None:
        plural = () if self.plural is None or self.plural == self.name else (self.plural,)
        define_counting_unit(self.name, *plural)

    @property
    def unit(self) -> Unit:
        """The unit."""
        return parse_unit(self.name)


@cache
def registry() -> pint.UnitRegistry[Any]:
    """The shared pint registry, with the domain's counting units defined.

    It is :func:`pint.get_application_registry`, so quantities made elsewhere in the same
    program are compatible with resultsframe's. Currencies and rates are defined in it when
    first read (:func:`parse_unit`).
    """
    reg: Any = _application_registry()
    for name, *aliases in COUNTING_UNITS:
        if name not in reg:
            alias_part = "".join(f" = {alias}" for alias in aliases)
            reg.define(f"{name} = [{name}] = _{alias_part}")
    return reg  # type: ignore[no-any-return]


def _define_currency(code: str) -> None:
    reg = registry()
    if code not in reg:
        reg.define(f"{code} = {_CURRENCY_DIMENSION}{code}] = _")


def _rate(number: str, base_text: str) -> str:
    """The name of the rate per ``number`` ``base_text``, defined in the registry if new."""
    n = int(re.sub(r"\D", "", number))
    base = parse_unit(base_text)
    base_name = format_unit(base)
    if n < 1 or not _NAME_RE.fullmatch(base_name) or base.dimensionless:
        raise UnitError(
            f"cannot read the rate 'per {number} {base_text}': a rate is per a whole number "
            "of one unit, as in 'per 100000 person' or 'per 1000 live_birth'"
        )
    name = f"per_{n}_{base_name}"
    reg = registry()
    if name not in reg:
        reg.define(f"{name} = {base_name} ** -1 / {n}")
    return name


def parse_unit(text: str | Unit) -> Unit:
    """Read a unit name (``"%"``, ``"percent"``, ``"countries"``, ``"case"``).

    Also rates (``"per 100 000 persons"``) and currencies (``"USD"``), defined when first read.

    Unit texts are at most :data:`MAX_UNIT_LENGTH` characters; their only numbers are exponents
    (at most :data:`MAX_EXPONENT`, one per power) and 1 (``"1 / case"``).

    Raises:
        UnitError: if the registry does not know the unit (the message says how to define one),
            the text is too long, or it is not a unit at all (``"("``, ``"1/0"``).
    """
    if isinstance(text, Unit):
        reg = registry()
        return text if getattr(text, "_REGISTRY", None) is reg else reg.Unit(text)
    if not isinstance(text, str):
        raise UnitError(f"a unit is a text ('%', 'case', 'USD'), got {text!r}")
    if len(text) > MAX_UNIT_LENGTH:
        raise UnitError(
            f"a unit is at most {MAX_UNIT_LENGTH} characters long, got one of {len(text)} "
            f"({text[:40]!r}…); write a shorter unit, or declare a counting unit for it"
        )
    return _parse_unit_text(text)


def _check_numbers(text: str, name: str) -> None:
    """Refuse the numbers pint would compute with: a unit has exponents and 1, nothing else.

    ``"case ** 2"`` and ``"1 / case"`` are units; ``"1/0"`` (a division by zero), ``"9**9**9"``
    (a power of a power, which pint would compute digit by digit) and ``"case ** 400"`` are not.
    """
    previous = ""
    for token in _TOKEN_RE.finditer(name):
        kind = token.lastgroup or "other"
        if kind == "number":
            value = float(token[0])
            if previous == "power":
                if value > MAX_EXPONENT:
                    raise UnitError(
                        f"unit {text!r} has the exponent {token[0]}; a unit's exponents are at "
                        f"most {MAX_EXPONENT} ('kilometer ** 2')"
                    )
                kind = "exponent"
            elif value != 1:
                hint = (
                    _RATE_HINT
                    if re.search(r"(?<!\w)per(?!\w)", name)
                    else "a unit holds no numbers but exponents ('kilometer ** 2') and 1 "
                    "('1 / case'); write a rate as 'per 1000 person'"
                )
                raise UnitError(f"unit {text!r} has the number {token[0]}; {hint}")
        elif kind == "power" and previous == "exponent":
            raise UnitError(
                f"unit {text!r} raises a power to a power; write one exponent ('case ** 4')"
            )
        if kind == "other" and token[0] in "+-" and previous == "power":
            continue  # a signed exponent: "case ** -1"
        previous = kind


@functools.lru_cache(maxsize=4096)
def _parse_unit_text(text: str) -> Unit:
    # Units are immutable and parsing them is costly: every value of every indicator has one.
    # An unknown unit raises, and exceptions are not cached, so units defined later are found.
    reg = registry()
    name = text.strip()
    name = _UNIT_ALIASES.get(name, name)
    if not name:
        return reg.Unit("dimensionless")
    if "per" in name:
        name = _RATE_RE.sub(lambda m: _rate(m["n"], m["base"]), name)
    for code in _CODE_RE.findall(name):
        if code in _CURRENCY_SET:
            _define_currency(code)
    _check_numbers(text, name)
    try:
        unit = reg.parse_units(name)
    except _PINT_ERRORS as exc:
        # Name the one unit pint does not know ("teacher" in "pupil/teacher"), not the whole text.
        names = getattr(exc, "unit_names", None) or (name.split() or [name])[:1]
        undefined = names if isinstance(names, str) else names[0]
        if undefined == "per":
            hint = _RATE_HINT
        elif undefined.upper() in _CURRENCY_SET:
            hint = f"currency codes are written in capitals: {undefined.upper()!r}"
        else:
            hint = (
                "use a unit pint knows (percent, %, kg …) or one of resultsframe's counting "
                "units (country, case, person …), or declare it in the framework's units "
                f'("units": ["{undefined}"] in a document, units= in Python)'
            )
            # The closest names pint and the counting units define, for a misspelt one.
            near = did_you_mean(undefined, [*reg._units, *_UNIT_ALIASES], n=3)
            hint = f"{near} Else {hint}" if near else hint
        raise UnitError(f"unknown unit {text!r}; {hint}") from exc
    powers: dict[str, Any] = dict(unit._units)
    if not all(abs(power) <= MAX_EXPONENT for power in powers.values()):
        # "((case ** 99) ** 99)": the exponents multiply.
        raise UnitError(
            f"unit {text!r} has an exponent over {MAX_EXPONENT} once its powers are multiplied; "
            "write one exponent ('case ** 4')"
        )
    return unit


def format_unit(unit: PlainUnit) -> str:
    """The unit as written in files: pint's explicit default format, whatever the user set.

    A rate is written as people write it, which reads back as the same unit.

    >>> format_unit(parse_unit("%")), format_unit(parse_unit("per 100 000 persons"))
    ('percent', 'per 100000 person')
    """
    text = format(unit, "D")
    if "per_" in text:
        text = _RATE_NAME_RE.sub(
            lambda m: f"{' ' if m['times'] else ''}per {m['n']} {m['base']}", text
        )
    return text


def is_compatible(a: PlainUnit, b: PlainUnit) -> bool:
    """Whether quantities in ``a`` can be converted to ``b``."""
    return bool(a.dimensionality == b.dimensionality)


def is_currency(unit: PlainUnit) -> bool:
    """Whether ``unit`` is, or is made with, a currency (``USD``, ``EUR / person``).

    >>> is_currency(parse_unit("USD")), is_currency(parse_unit("case"))
    (True, False)
    """
    return any(str(name).startswith(_CURRENCY_DIMENSION) for name in unit.dimensionality)


def _is_rate(unit: PlainUnit) -> bool:
    return "per_" in format(unit, "D")


def mismatch_hint(found: PlainUnit, expected: PlainUnit) -> str:
    """Why ``found`` cannot be converted to ``expected``, when a reason helps: currencies, rates.

    Empty when the units fit, or when naming the two units says all. Messages add it after
    naming both units.

    >>> mismatch_hint(parse_unit("EUR"), parse_unit("USD"))[:50]
    '; currencies are never converted implicitly: conve'
    """
    if is_compatible(found, expected):
        return ""
    if is_currency(found) or is_currency(expected):
        return (
            "; currencies are never converted implicitly: convert the amounts with an "
            "exchange rate of your choice first"
        )
    if _is_rate(found) != _is_rate(expected):
        return "; a rate ('per 1000 person') and a count or plain number cannot be mixed"
    return ""


def parse_quantity(text: str, unit: str | Unit | None = None) -> Quantity[Any]:
    """Read a number with an optional unit.

    Args:
        text: ``"60 %"``, ``"60%"``, ``"12 cases"``, ``"0.6"``, ``"1.5 million USD"`` (also
            ``thousand`` and ``billion``), ``"5 per 1000 person"``.
        unit: The unit a bare number is read in, and that the result must be compatible with.

    Returns:
        The quantity, in the unit written (or ``unit`` for a bare number).

    Raises:
        UnitError: if the text is not a number with a unit, the unit is unknown, the number is
            not finite or beyond ±(2**53 - 1), the text is longer than the unit's limit (:data:`MAX_UNIT_LENGTH`) and
            100 characters for the number, or the unit does not fit ``unit``.
    """
    expected = parse_unit(unit) if unit is not None else None
    if not isinstance(text, str):
        raise UnitError(f"a quantity is a text ('60 %', '12 cases'), got {text!r}")
    if len(text) > _MAX_QUANTITY_LENGTH:
        raise UnitError(
            f"a number with a unit is at most {_MAX_QUANTITY_LENGTH} characters long, got one "
            f"of {len(text)} ({text[:40]!r}…); a unit is at most {MAX_UNIT_LENGTH}"
        )
    match = _QUANTITY_RE.match(text)
    if match is None:
        raise UnitError(
            f"cannot read {text!r} as a number with a unit; write for example '60 %', "
            "'12 cases' or '0.6'"
        )
    number_text, unit_text = match["number"], match["unit"]
    number: int | float = (
        int(number_text) if re.fullmatch(r"[-+]?\d+", number_text) else float(number_text)
    )
    if match["scale"] and math.isfinite(number):
        # Exactly: 1.1 million is 1100000, not 1100000.0000000002.
        scaled = Decimal(number_text) * _SCALES[match["scale"]]
        whole = scaled == scaled.to_integral_value() and abs(scaled) < 2**63
        number = int(scaled) if whole else float(scaled)
    if isinstance(number, float) and not math.isfinite(number):
        raise UnitError(f"{text!r} is not a finite number")
    if number == 0 and re.search(r"[1-9]", number_text.split("e")[0].split("E")[0]):
        # 1e-400 underflows to 0: a figure silently lost, not a zero that was written.
        raise UnitError(f"{text!r} is too small to be represented: it would read as 0")
    if abs(number) > _MAX_EXACT:
        # As documents do (resultsframe.document.MAX_SAFE_INTEGER): refused when read, not
        # later when the framework is written.
        raise UnitError(
            f"{text!r} is too large: numbers are limited to ±{_MAX_EXACT} (2**53 - 1), which "
            "every JSON reader represents exactly"
        )
    reg = registry()
    if unit_text:
        if unit_text[0].isdigit() or unit_text[0] in ",.":
            raise UnitError(
                f"cannot read {text!r}: write numbers without thousands separators "
                "and with a decimal point ('1234.5')"
            )
        quantity = reg.Quantity(number, parse_unit(unit_text))
    else:
        quantity = reg.Quantity(number, expected if expected is not None else "dimensionless")
    if expected is not None:
        check_compatible(quantity, expected, what=repr(text))
    return quantity


def check_compatible(
    quantity: Quantity[Any] | PlainUnit, expected: PlainUnit, *, what: str
) -> None:
    """Raise :class:`UnitError` if ``quantity`` cannot be expressed in ``expected``."""
    unit = quantity if isinstance(quantity, PlainUnit) else quantity.units
    if not is_compatible(unit, expected):
        raise UnitError(
            f"{what} is in {format_unit(unit)!r}, which cannot be converted to "
            f"{format_unit(expected)!r}{mismatch_hint(unit, expected)}"
        )
