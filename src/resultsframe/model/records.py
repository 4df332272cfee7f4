"""What frameworks, results and indicators carry: narratives, comments, references, themes."""

from __future__ import annotations

from datetime import date

import attrs

from resultsframe.exceptions import checked
from resultsframe.model.checks import (
    _id_validator,
    _optional_text,
    _text,
    _to_date,
    _to_period,
    _to_strings,
    _tuple,
    _tuple_of,
)
from resultsframe.periods import Period


@checked
@attrs.frozen
class Narrative:
    """A text in one language, as IATI publishes it (a result's title in English and French).

    Attributes:
        text: The text.
        lang: Its language (``"en"``, ``"fr"``), when said.
        role: What it is the text of: ``"title"``, ``"description"`` …
    """

    text: str = attrs.field(validator=attrs.validators.instance_of(str))
    lang: str | None = attrs.field(default=None, validator=_optional_text)
    role: str = attrs.field(default="title", validator=_text)


@checked
@attrs.frozen
class Comment:
    """A remark on a part of the framework, by its author (a review comment)."""

    text: str = attrs.field(validator=_text)
    author: str | None = attrs.field(default=None, validator=_optional_text)
    date: date | None = attrs.field(default=None, converter=_to_date)
    lang: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen
class Reference:
    """A source the framework relies on, or an external code for a result or indicator.

    A bibliography entry uses ``title``, ``organisation`` and ``summary``; a code in a
    vocabulary (IATI's ``<reference vocabulary="7" code="3.4"/>``) uses ``vocabulary``,
    ``code`` and ``uri``.
    """

    id: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    organisation: str | None = attrs.field(default=None, validator=_optional_text)
    summary: str | None = attrs.field(default=None, validator=_optional_text)
    uri: str | None = attrs.field(default=None, validator=_optional_text)
    vocabulary: str | None = attrs.field(default=None, validator=_optional_text)
    vocabulary_uri: str | None = attrs.field(default=None, validator=_optional_text)
    code: str | None = attrs.field(default=None, validator=_optional_text)

    def __attrs_post_init__(self) -> None:
        if self.title is None and self.code is None and self.uri is None:
            raise ValueError("a reference needs a title, a code or a uri")


@checked
@attrs.frozen
class Definition:
    """A term the framework defines (a footnote), attached by id to what it explains."""

    id: str = attrs.field(validator=_id_validator("definition"))
    text: str = attrs.field(validator=_text)
    term: str | None = attrs.field(default=None, validator=_optional_text)


@checked
@attrs.frozen
class Theme:
    """A theme results belong to (one of the COP's five pillars)."""

    id: str = attrs.field(validator=_id_validator("theme"))
    name: str = attrs.field(validator=_text)


@checked
@attrs.frozen
class HistoryEvent:
    """A dated step in the framework's making (``2015-10``: launched at Telecom World)."""

    period: Period = attrs.field(converter=_to_period)
    text: str = attrs.field(validator=_text)


@checked
@attrs.frozen
class Dimension:
    """A disaggregation: ``sex = female``."""

    name: str = attrs.field(validator=attrs.validators.instance_of(str))
    value: str = attrs.field(validator=attrs.validators.instance_of(str))


@checked
@attrs.frozen
class Location:
    """A place a value or a result refers to; ``ref`` names a location of the activity."""

    ref: str = attrs.field(validator=attrs.validators.instance_of(str))


@checked
@attrs.frozen
class DocumentLink:
    """A document published with a result, indicator or value."""

    url: str = attrs.field(validator=attrs.validators.instance_of(str))
    format: str | None = attrs.field(default=None, validator=_optional_text)
    title: str | None = attrs.field(default=None, validator=_optional_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    categories: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    languages: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    date: date | None = attrs.field(default=None, converter=_to_date)
    narratives: tuple[Narrative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Narrative)
    )


@checked
@attrs.frozen
class Extension:
    """Something a source format held that the model has no field for, kept as it was.

    Attributes:
        format: Where it comes from (``"iati-xml"``).
        where: Where it stood (``"result/indicator"``, ``"@attribute"``).
        content: Its exact text (an XML element, or an attribute's ``name="value"``).
    """

    format: str = attrs.field(validator=_text)
    where: str = attrs.field(validator=attrs.validators.instance_of(str))
    content: str = attrs.field(validator=attrs.validators.instance_of(str))
