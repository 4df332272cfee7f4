"""Results, the nodes of a framework, and the links that make it a graph."""

from __future__ import annotations

import attrs

from resultsframe import hooks
from resultsframe.exceptions import checked
from resultsframe.methods import (
    Aggregation,
)
from resultsframe.model.checks import (
    _id_validator,
    _optional_text,
    _text,
    _to_strings,
    _tuple,
    _tuple_of,
    _weight,
)
from resultsframe.model.indicator import Indicator
from resultsframe.model.records import Comment, DocumentLink, Extension, Narrative, Reference


@checked
@attrs.frozen(repr=False)
class Result:
    """A node of the framework: an impact, outcome, target, output … with its indicators.

    Attributes:
        id: Unique in the framework (``"T1"``).
        level: A level of the framework's scheme (``"target"``).
        statement: The result as the framework words it.
        indicators: How it is measured.
        themes: Ids of the framework's themes it belongs to.
        definitions: Ids of the framework's definitions that explain it.
        comments: Remarks on it, with their authors.
        aggregation_status: IATI's flag for whether its data may be aggregated.
    """

    id: str = attrs.field(validator=_id_validator("result"))
    level: str = attrs.field(validator=_text)
    statement: str = attrs.field(validator=_text)
    description: str | None = attrs.field(default=None, validator=_optional_text)
    indicators: tuple[Indicator, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Indicator)
    )
    themes: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    definitions: tuple[str, ...] = attrs.field(factory=tuple, converter=_to_strings)
    comments: tuple[Comment, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Comment)
    )
    references: tuple[Reference, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Reference)
    )
    narratives: tuple[Narrative, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Narrative)
    )
    document_links: tuple[DocumentLink, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(DocumentLink)
    )
    aggregation_status: bool | None = None
    extensions: tuple[Extension, ...] = attrs.field(
        factory=tuple, converter=_tuple, validator=_tuple_of(Extension)
    )
    aggregation: Aggregation = attrs.field(default=Aggregation.MEAN, converter=Aggregation)

    def __attrs_post_init__(self) -> None:
        ids = [i.id for i in self.indicators]
        if len(set(ids)) != len(ids):
            seen: set[str] = set()
            twice = sorted({i for i in ids if i in seen or seen.add(i)})  # type: ignore[func-returns-value]
            noun = "indicator ids" if len(twice) > 1 else "indicator id"
            raise ValueError(f"result {self.id!r} has the {noun} {twice} more than once")

    def __repr__(self) -> str:
        n = len(self.indicators)
        return f"<Result {self.id} ({self.level}): {n} indicator{'' if n == 1 else 's'}>"

    def _repr_html_(self) -> str:
        return hooks.to_html(self)


@checked
@attrs.frozen
class Link:
    """A "contributes to" link: from a result to a result on a higher level.

    Attributes:
        child: The contributing result's id.
        parent: The id of the result it contributes to.
        weight: Its weight in the parent's progress.
    """

    child: str = attrs.field(validator=_id_validator("result"))
    parent: str = attrs.field(validator=_id_validator("result"))
    weight: float = attrs.field(default=1, validator=_weight)
