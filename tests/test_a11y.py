"""Accessibility rules that need no browser: the axe-core install, the allow-list of
Streamlit's own violations and how violations are classified, and the contrast of every
rating colour as it is actually drawn (table cells, chart bar text).

The violation dicts below are made up for these tests (shaped like axe-core's output)."""
import json
from pathlib import Path

import pandas as pd
import pytest

from explorer import a11y, charts, ratings
from explorer.tables import Col, html_table, rating_cell

ROOT = Path(__file__).resolve().parents[1]


def test_axe_core_is_installed_locally_at_the_pinned_version():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["axe-core"]
    locked = json.loads((ROOT / "package-lock.json").read_text())["packages"]["node_modules/axe-core"]
    assert pinned == locked["version"] and locked["license"] == "MPL-2.0"
    assert a11y.axe_version() == pinned  # make test runs `npm ci`; nothing is fetched at test time


def test_allow_list_is_well_formed():
    for entry in a11y.load_known():
        assert entry.reason and a11y.UPSTREAM.match(entry.upstream)


def _violation(rule, impact, testids):
    return {"id": rule, "impact": impact, "help": "made up",
            "nodes": [{"target": ["#x"], "html": "<ul>", "impact": impact, "testids": testids}]}


KNOWN = [a11y.Known("list", "stSidebarNavItems", "made-up entry for the test",
                    "https://github.com/streamlit/streamlit/issues/1")]


def test_serious_violation_in_listed_streamlit_component_is_known():
    verdict = a11y.classify([_violation("list", "serious", ["stSidebarNavItems", "stSidebar"])], KNOWN)
    assert not verdict.blocking and len(verdict.known) == 1


@pytest.mark.parametrize("rule,testids", [
    ("listitem", ["stSidebarNavItems"]),  # listed component, other rule
    ("list", ["stExpander"]),  # listed rule, other component
    ("list", ["stHtml", "stSidebarNavItems"]),  # our own HTML inside it is never excused
    ("list", []),
])
def test_everything_else_serious_blocks(rule, testids):
    verdict = a11y.classify([_violation(rule, "critical", testids)], KNOWN)
    assert len(verdict.blocking) == 1 and not verdict.known


def test_moderate_and_minor_are_reported_not_failed():
    verdict = a11y.classify([_violation("region", "moderate", []), _violation("x", "minor", [])], KNOWN)
    assert not verdict.blocking and len(verdict.advisory) == 2


def test_allow_list_rejects_bad_entries(tmp_path):
    bad = tmp_path / "known.json"
    bad.write_text(json.dumps({"entries": [{"rule": "list", "within": "stHtml", "reason": "r",
                                            "upstream": "https://github.com/streamlit/streamlit/issues/2"}]}))
    with pytest.raises(ValueError, match="project's own"):
        a11y.load_known(bad)
    bad.write_text(json.dumps({"entries": [{"rule": "list", "within": "stSidebar", "reason": "r",
                                            "upstream": "https://example.org/made-up"}]}))
    with pytest.raises(ValueError, match="upstream"):
        a11y.load_known(bad)


@pytest.mark.parametrize("label", (*ratings.ALL_LABELS, "No rating in our data"))
def test_rating_cells_and_bar_text_meet_aa_and_carry_the_word(label):
    cell = rating_cell(label if label != "No rating in our data" else None, missing_label=label)
    assert f">{label}</td>" in cell
    fill = cell.split("background:")[1].split(";")[0]
    text = cell.split("color:")[1].split('"')[0]
    assert ratings.contrast_ratio(fill, text) >= 4.5
    counts = charts.band_counts(pd.DataFrame(
        {"provider_label": ["CRC"], "display_order": [1],
         "overall_rating": [label if label in ratings.RATINGS else None]}))
    fig = charts.band_bar(counts)
    for trace in fig.data:
        assert trace.name in (*ratings.RATINGS, charts.NO_RATING)  # the legend names it in words
        assert ratings.contrast_ratio(trace.marker.color, trace.textfont.color) >= 4.5


def test_source_links_say_whose_source():
    frame = pd.DataFrame({"org_name": ["Essex CRC"], "source_url": ["https://example.org/a"]})
    out = html_table(frame, [Col("org_name", "Organisation", row_header=True), Col("source_url", "Source", "source")],
                     caption="t")
    assert 'aria-label="source for Essex CRC (opens in a new tab)"' in out


def test_methods_page_has_the_accessibility_statement():
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("pages/methods.py").run()
    assert not at.exception
    assert {"How it is tested", "Known limitations"} <= {s.value for s in at.subheader}
    text = "\n".join(m.value for m in at.markdown)
    assert f"axe-core {a11y.axe_version()}" in text and "screen reader" in text
