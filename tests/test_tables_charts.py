"""Accessible tables and chart building blocks."""
import pandas as pd

from explorer import charts, ratings
from explorer.tables import Col, html_table


def test_table_structure_and_escaping():
    frame = pd.DataFrame({"org_id": ["crc-c01"], "name": ["<b>A&B</b>"], "overall_rating": [None],
                          "source_url": ["https://example.org/x?a=1&b=2"]})
    out = html_table(frame, [Col("name", "Organisation", "area", row_header=True),
                             Col("overall_rating", "Rating", "rating"), Col("source_url", "Source", "source")],
                     caption="Cap")
    assert "<caption>Cap</caption>" in out
    assert '<th scope="col" class="row-head">Organisation</th>' in out and '<th scope="row">' in out
    assert "&lt;b&gt;A&amp;B&lt;/b&gt;" in out and "<b>A" not in out
    assert ">Not published</td>" in out  # blank rating is labelled, not left empty
    assert 'href="area?org=crc-c01"' in out
    assert "opens in a new tab" in out


def test_source_without_address_is_text():
    frame = pd.DataFrame({"name": ["x"], "source_url": ['HMIP press release "Title" (address not recorded)']})
    out = html_table(frame, [Col("source_url", "Source", "source")], caption="c")
    assert "<a " not in out and "address not recorded" in out


def test_band_counts_and_bar():
    frame = pd.DataFrame({
        "provider_label": ["CRC"] * 3 + ["NPS"] * 2, "display_order": [1, 1, 1, 2, 2],
        "overall_rating": ["Good", "Inadequate", None, "Good", "Good"]})
    counts = charts.band_counts(frame)
    crc = counts[counts["provider_label"] == "CRC"].set_index("rating")["count"].to_dict()
    assert crc == {"Good": 1, "Inadequate": 1, charts.NO_RATING: 1}
    assert counts.groupby("provider_label")["percent"].sum().round().tolist() == [100, 100]
    fig = charts.band_bar(counts)
    assert [t.name for t in fig.data] == ["Good", "Inadequate", charts.NO_RATING]
    assert fig.data[0].marker.color == ratings.style("Good").fill
    assert all(t.text is not None for t in fig.data)  # counts written on the bars


def test_band_counts_empty():
    assert charts.band_counts(pd.DataFrame(columns=["provider_label", "overall_rating"])).empty


def test_wide_column_gets_its_class():
    frame = pd.DataFrame({"reasons": ["(1) Overall Inadequate"], "n": [3]})
    out = html_table(frame, [Col("reasons", "Reasons", wide=True), Col("n", "N", "number")], caption="c")
    assert '<td class="wide">(1) Overall Inadequate</td>' in out and '<td class="num">3</td>' in out


def test_sortable_headers_are_links_and_the_sorted_one_says_so():
    frame = pd.DataFrame({"name": ["A", "B"], "r": ["Good", "Inadequate"], "p": ["x", "y"]})
    cols = [Col("name", "Organisation", row_header=True), Col("r", "Overall rating", "rating"),
            Col("p", "Provider", minor=True)]
    out = html_table(frame, cols, "T", sort_links=(("r", "?sort=r&a=1"),), sorted_by="r")
    head = out[out.index("<thead>"):out.index("</thead>")]
    assert '<th scope="col" aria-sort="descending"><a href="?sort=r&amp;a=1" target="_self"' in head
    assert head.count("<a ") == 1  # only the sortable column is a link
    # the header row and the name column stay in view while the table scrolls
    assert "thead th{position:sticky;top:0" in out and "th[scope=row]{position:sticky;left:0" in out
    # a minor column is marked on its header and every cell, and the table says what a phone leaves out
    assert out.count('class="minor"') == 3 and "leaves out Provider" in out
    assert "tall" not in out.split("<table")[0].split("pre-table-wrap")[-1]
    long = html_table(pd.concat([frame] * 11, ignore_index=True), cols, "T")
    assert 'class="pre-table-wrap tall"' in long
