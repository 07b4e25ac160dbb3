"""The one date parser: headers, file names and queries all go through here.

A parsed date keeps its precision: ``2022`` is the whole year, not 2022-01-01 00:00 pretending to
be exact. Ranges are closed-open ``[start, end)``. ``now`` is always an argument, so relative forms
("last 30 days", "-7d", "last monday") are reproducible in tests and in saved-query runs.

``parsing`` reads one date (``DatePoint``), ``ranges`` spans of them (``DateRange``, --since and --until, the
rule for dates in the wrong order), ``periods`` the days, weeks, months and years they are counted in.
"""

from __future__ import annotations

from ..errors import DateParseError
from .parsing import (
    PRECISIONS,
    TIME_UNITS,
    UTC,
    ZONE_NAMES,
    DatePoint,
    from_filename,
    from_spreadsheet_serial,
    is_placeholder,
    iso_millis,
    numbers_order,
    parse_date,
)
from .periods import PERIODS, facet_label, facet_term, next_period, period_label, period_start, shift
from .ranges import DateRange, backwards, filter_range, parse_range, since, until

__all__ = [
    "PERIODS", "PRECISIONS", "TIME_UNITS", "UTC", "ZONE_NAMES", "DateParseError", "DatePoint", "DateRange",
    "backwards", "facet_label", "facet_term", "filter_range", "from_filename", "from_spreadsheet_serial",
    "is_placeholder", "iso_millis",
    "next_period", "numbers_order", "parse_date", "parse_range", "period_label", "period_start", "shift", "since",
    "until",
]
