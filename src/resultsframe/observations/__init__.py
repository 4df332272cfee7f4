"""Observations: what was measured, for which indicator, when, where.

An observation is a value of an indicator for a period (an ISO year ``2018``, month
``2018-06`` or day ``2018-06-30``), optionally for one unit of analysis (``area``: a country
code) and a disaggregation (any other column: ``sex``, ``age`` …), with its source. A share is
kept as numerator and denominator when they are known, so it can be re-aggregated correctly.

:class:`Observations` holds many of them column by column, checked against a framework: every
indicator id must exist and every unit must fit. They come from CSV (:meth:`Observations.from_csv`),
JSON, Python records, a pandas/polars/pyarrow … data frame through narwhals
(:meth:`Observations.from_frame`, an extra), a parquet file (:meth:`Observations.from_parquet`),
or the framework's own published actuals
(:meth:`Observations.from_actuals`, for a framework read from IATI). Observations are
immutable: a :class:`Series` and the per-area mappings they give are read-only.

The CSV format: a header row; ``indicator`` and ``period``; then either ``value`` with
``unit``, or ``numerator`` with ``denominator`` (a share, counted in the indicator's counting
unit, with ``unit`` naming that unit), or ``text`` (a qualitative indicator's observation);
optional ``area``, ``source``, ``note``, ``published`` (the day it was published: revised
values are kept as vintages, the latest used) and ``kind`` (actual, estimate, projection: a
projection never counts). A disaggregation dimension is a standard one (``sex``, ``age`` …),
one the framework uses, or declared (``dimension:district``); any other column is refused
(:mod:`~resultsframe.observations.columns`). A value may also be ``yes``/``no`` (1/0). A bad
row is refused with the file, line, column and what is wrong; nothing is silently dropped.

Observations are held as numpy columns, never one Python object per row, and checked column
by column: each distinct value once, the numbers with numpy; only a bad row is then checked on
its own, for its message (see the "Observations at scale" page). numpy is a core dependency.

The package: :mod:`~resultsframe.observations.records` (one observation, its kind, a series, an
unreadable value), :mod:`~resultsframe.observations.columns` (the known columns, dimensions and
the whole), :mod:`~resultsframe.observations.columnar` (the rows as numpy columns),
:mod:`~resultsframe.observations.intake` (one row checked, with its place and message),
:mod:`~resultsframe.observations.raw` (columns as read, factorised),
:mod:`~resultsframe.observations.batch` (whole columns checked),
:mod:`~resultsframe.observations.readers` (CSV, JSON, records, data frames, parquet),
:mod:`~resultsframe.observations.tables` (frames factorised in their engine; CSV and parquet
files read by pyarrow or polars), :mod:`~resultsframe.observations.actuals` (a framework's
published actuals), :mod:`~resultsframe.observations.index` (where each series is) and
:mod:`~resultsframe.observations.container` (the :class:`Observations` themselves).
"""

from resultsframe.observations.container import Observations
from resultsframe.observations.records import Observation, ObservationKind, Series, Unreadable

__all__ = ["Observation", "ObservationKind", "Observations", "Series", "Unreadable"]
