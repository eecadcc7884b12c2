"""Every URL value a page echoes is inert: a shared link cannot put a link, an image, HTML or
formatting inside the site's own text. Each page is opened with every URL parameter any page
reads set to a hostile value (MADE UP for this test), and every Markdown-rendered text and every
HTML block is checked for live markup from it."""
from __future__ import annotations

import re

import pytest

from tests.test_pages import PAGES, open_page

PARAMS = ("table", "months", "org", "orgs", "place", "period", "region", "view", "level", "measure", "pred",
          "rules", "scope", "steps", "provider", "q", "rating", "sort", "colour", "kind", "by", "standard",
          "since")
PAYLOADS = (
    "[official correction](https://evil.example/c) ![t](https://evil.example/t.png) **bold** :red[x]",
    '<img src=x onerror=alert(1)><a href="https://evil.example/a">a</a> www.evil.example/w <script>x</script>',
)
# What would be live if the payload reached Markdown or HTML unescaped.
LIVE_IN_MARKDOWN = ("](https://evil", "://evil", "www.evil", "**bold**", ":red[x]", "<img src=x", "<a href",
                    "<script>")
LIVE_IN_HTML = ("<img src=x", '<a href="https://evil', '<a href=\\"https://evil', "<script>x")
MARKDOWN_KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success")


def _markdown_texts(at) -> list[str]:
    texts = [str(e.value) for kind in MARKDOWN_KINDS for e in getattr(at, kind)]
    texts += [str(e.label) for e in at.expander]
    return texts


def _live(text: str, patterns) -> list[str]:
    unescaped = re.sub(r"\\.", "", text)  # a backslash-escaped character is shown, not obeyed
    return [p for p in patterns if p in unescaped]


@pytest.mark.parametrize("payload", PAYLOADS, ids=["markdown", "html"])
@pytest.mark.parametrize("page", PAGES)
def test_no_url_value_becomes_markup(page, payload):
    at = open_page(page, **{key: payload for key in PARAMS})
    assert not at.exception, at.exception
    found = [(text[:160], hits) for text in _markdown_texts(at) if (hits := _live(text, LIVE_IN_MARKDOWN))]
    assert found == []
    html = [str(e.proto) for e in at.get("html")]
    live_html = [(h[:160], hits) for h in html if (hits := [p for p in LIVE_IN_HTML if p in h])]
    assert live_html == []


def _set_cell(path, key_col, key, col, value):
    import csv
    with path.open(newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    for r in rows:
        if r[key_col] == key:
            r[col] = value
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory):
    """A copy of data/ whose pdu-2023 programme name and Dyfed Powys PDU's name were edited by
    hand to carry HTML and Markdown (MADE UP), built; None when validation refuses it."""
    from explorer import build
    from tests.conftest import copy_data
    base = tmp_path_factory.mktemp("hostile")
    data = copy_data(base)
    hostile = PAYLOADS[1] + " " + PAYLOADS[0]
    _set_cell(data / "programmes.csv", "programme_id", "pdu-2023", "name", hostile)
    _set_cell(data / "organisations.csv", "org_id", "pdu-wptwes", "name", "Dyfed " + hostile)
    try:
        build.build(data, base / "probation.duckdb")
    except build.BuildError:
        return None
    return data, base / "probation.duckdb"


@pytest.mark.parametrize("page", PAGES)
def test_markup_in_a_hand_edited_csv_is_shown_as_text(page, hostile_data, monkeypatch):
    """Names read from the CSVs are shown as text on every page (the area profile's headline is
    HTML built from escaped values only)."""
    if hostile_data is None:
        return  # refused by validation: it can reach no page either
    data, db_path = hostile_data
    monkeypatch.setenv("PROBATION_DATA_DIR", str(data))
    monkeypatch.setenv("PROBATION_DB", str(db_path))
    params = {"org": "pdu-wptwes", "orgs": "pdu-wptwes", "period": "pdu-2023", "region": "region-n03",
              "level": "pdu", "view": "pdus"}
    at = open_page(page, **params)
    assert not at.exception, at.exception
    html = [str(e.proto) for e in at.get("html")]
    live_html = [h[:200] for h in html if any(p in h for p in LIVE_IN_HTML)]
    assert live_html == [], "\n".join(live_html)
    found = [text[:100] for text in _markdown_texts(at) if _live(text, LIVE_IN_MARKDOWN)]
    assert found == [], "\n".join(found)
