"""The ratings model: HMIP's four-point scale, the non-rated states, and their colours.

Colours are the Okabe–Ito colour-blind-safe hues in the conventional order
(Outstanding blue → Inadequate vermillion). A rating is never shown by colour alone:
every fill carries its word, and the text colour on each fill is chosen so the
contrast ratio meets WCAG 2.2 AA (4.5:1) — see ``contrast_ratio`` and the tests.
"""
from __future__ import annotations

import csv
import math
from dataclasses import dataclass

import pandas as pd

from explorer import config

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate")
NOT_RATED = "Not rated"  # standard not part of this organisation's framework
NOT_PUBLISHED = "Not published"  # rated by HMIP, but the rating is not in our data
NO_RATING = "No rating in our data"  # no inspection of this organisation in our data at all


def _coverage_labels() -> dict[str, str]:
    """Coverage state → label, from the one home of those words, data/coverage_states.csv."""
    path = config.ROOT / "data" / "coverage_states.csv"
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = sorted(csv.DictReader(f), key=lambda r: int(r["display_order"]))
    return {r["state"]: r["label"] for r in rows}


COVERAGE = _coverage_labels()  # rated, narrative, inspected_not_in_data, not_known, not_inspected, did_not_exist
NOT_INSPECTED = COVERAGE["not_inspected"]
COVERAGE_STATES = tuple(label for state, label in COVERAGE.items() if state != "rated")
STATES = (NOT_PUBLISHED, NOT_RATED, *COVERAGE_STATES, NO_RATING)
ALL_LABELS = RATINGS + STATES


@dataclass(frozen=True)
class Style:
    fill: str
    text: str
    short: str
    pattern: str  # plotly bar pattern shape, a second cue besides hue ("" = solid)


STYLES: dict[str, Style] = {
    "Outstanding": Style("#0072B2", "#FFFFFF", "OUT", ""),
    "Good": Style("#009E73", "#000000", "GOOD", ""),
    "Requires improvement": Style("#E69F00", "#000000", "RI", ""),
    "Inadequate": Style("#D55E00", "#000000", "INAD", ""),
    NOT_PUBLISHED: Style("#F0F0F0", "#1A1A1A", "N/P", "/"),
    NOT_RATED: Style("#E0E0E0", "#1A1A1A", "N/R", "x"),
    COVERAGE["narrative"]: Style("#E8E8E8", "#1A1A1A", "NARR", "+"),
    COVERAGE["inspected_not_in_data"]: Style("#F0F0F0", "#1A1A1A", "N/D", "/"),
    COVERAGE["not_known"]: Style("#FFFFFF", "#1A1A1A", "N/K", "."),
    COVERAGE["not_inspected"]: Style("#FFFFFF", "#1A1A1A", "N/I", "-"),
    COVERAGE["did_not_exist"]: Style("#FFFFFF", "#1A1A1A", "N/E", "|"),
    NO_RATING: Style("#FFFFFF", "#1A1A1A", "NONE", ""),
}

RANK = {r: 4 - i for i, r in enumerate(RATINGS)}  # Outstanding 4 … Inadequate 1


def rating_rank(rating: str | None) -> int | None:
    """4 for Outstanding down to 1 for Inadequate; None for blanks and non-rated states."""
    if rating is None or (isinstance(rating, float) and math.isnan(rating)):
        return None
    return RANK.get(rating)


def rating_band(rating: str | None, *, inspected: bool = True, in_framework: bool = True) -> str:
    """The label to show for a rating cell: the word, or an explicit non-rated state.

    ``inspected`` False → "Not yet inspected"; ``in_framework`` False → "Not rated";
    a blank rating of an inspected standard → "Not published" (blank is honest: HMIP
    rated it but we do not hold the value).
    """
    if not in_framework:
        return NOT_RATED
    if not inspected:
        return NOT_INSPECTED
    if rating_rank(rating) is None:
        return NOT_PUBLISHED
    return str(rating)


def cell_label(rating, state_label=None) -> str:
    """What a rating cell shows: the rating word, else why there is none (the coverage
    label from the semantic layer), else "No rating in our data"."""
    if rating_rank(rating) is not None:
        return str(rating)
    if isinstance(state_label, str) and state_label and state_label != COVERAGE["rated"]:
        return state_label
    return NO_RATING


def cell_labels(rating_values, state_labels=None) -> list[str]:
    """``cell_label`` of each (rating, coverage label) pair of two columns, in order: each
    distinct pair is worked out once (15,000 organisations hold a few dozen pairs)."""
    def values(column) -> list:
        return column.tolist() if hasattr(column, "tolist") else list(column)
    rating_list = values(rating_values)
    state_list = [None] * len(rating_list) if state_labels is None else values(state_labels)
    memo: dict = {}
    labels = []
    for pair in zip(rating_list, state_list, strict=True):
        if pair not in memo:
            memo[pair] = cell_label(*pair)
        labels.append(memo[pair])
    return labels


# Source strength of a rating (the ``confidence`` column of every row, see data/README.md).
# A rating read only in a secondary source, or where sources disagree, carries a mark beside
# its word wherever it shows (never colour alone) and is named in downloads.
SOURCE_MARKS = {
    "secondary": ("†", "secondary source",
                  "from a secondary source (news, commentary or a parliamentary answer), not HMIP's own text"),
    "conflict": ("‡", "sources disagree", "sources disagree on this rating; see Methods and sources"),
}


def source_mark(rating, confidence) -> tuple[str, str, str] | None:
    """(mark, short words, legend) for a rating that is not from HMIP's own text; None for a
    verified rating or for a cell that holds no rating (a coverage state has no source)."""
    if rating_rank(rating) is None or not isinstance(confidence, str):
        return None
    return SOURCE_MARKS.get(confidence)


def style(label: str) -> Style:
    return STYLES.get(label, STYLES[NOT_PUBLISHED])


def colour_map() -> dict[str, str]:
    """Label → fill colour, for plotly ``color_discrete_map``."""
    return {k: v.fill for k, v in STYLES.items()}


def ordered(labels) -> list[str]:
    """Labels in the conventional order (best first), states last, unknowns dropped."""
    present = set(labels)
    return [label for label in ALL_LABELS if label in present]


def rating_category(series: pd.Series) -> pd.Categorical:
    """An ordered categorical (Inadequate < … < Outstanding) for sorting tables."""
    return pd.Categorical(series, categories=list(reversed(RATINGS)), ordered=True)


def _luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast_ratio(a: str, b: str) -> float:
    """WCAG 2.x contrast ratio between two hex colours (1 to 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def badge_html(label: str) -> str:
    """A small inline badge: the rating word on its colour (never colour alone)."""
    s = style(label)
    border = "1px dashed #595959" if label in STATES else f"1px solid {s.fill}"
    return (f'<span class="rating-badge" style="background:{s.fill};color:{s.text};border:{border};'
            f'padding:0.1em 0.5em;border-radius:0.3em;font-weight:600;white-space:nowrap">{label}</span>')
