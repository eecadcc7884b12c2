"""Probation Ratings Explorer: entry point and router.

One router: ``st.navigation`` with explicit URL paths (a public contract shared by
journalists). The page files live in ``pages/``; Streamlit's legacy folder discovery is
ignored once ``st.navigation`` is called here.
"""
from pathlib import Path

import streamlit as st

from explorer import ui

# a local icon: a :material/ icon makes every visitor's browser fetch it from Google's servers
ICON = str(Path(__file__).resolve().parent / "static" / "favicon.png")
st.set_page_config(page_title="Probation Ratings Explorer", page_icon=ICON, layout="wide")

PAGES = {
    "Explore": [
        st.Page("pages/overview.py", title="Overview", icon=":material/dashboard:", url_path="", default=True),
        st.Page("pages/league_table.py", title="League tables", icon=":material/format_list_numbered:",
                url_path="league-table"),
        st.Page("pages/map.py", title="Map", icon=":material/map:", url_path="map"),
        st.Page("pages/area.py", title="Area profile", icon=":material/location_on:", url_path="area"),
        st.Page("pages/compare.py", title="Compare", icon=":material/compare_arrows:", url_path="compare"),
        st.Page("pages/trends.py", title="Trends", icon=":material/timeline:", url_path="trends"),
        st.Page("pages/follow_up.py", title="Follow-up", icon=":material/flag:", url_path="follow-up"),
        st.Page("pages/prison_work.py", title="Prison work", icon=":material/door_open:", url_path="prison-work"),
    ],
    "About": [
        st.Page("pages/methods.py", title="Methods and sources", icon=":material/menu_book:", url_path="methods"),
        st.Page("pages/data.py", title="Download the data", icon=":material/download:", url_path="data"),
        st.Page("pages/add_data.py", title="Add data", icon=":material/upload_file:", url_path="add-data"),
    ],
}

# One flat list of links (the groups above only order them). Streamlit draws section headings
# inside the <ul> of links, which breaks the list for screen readers (axe-core rules "list" and
# "listitem", WCAG 1.3.1); a flat list is valid. See README, Accessibility.
page = st.navigation([p for group in PAGES.values() for p in group])
# each page its own browser title (tabs, bookmarks, history and screen readers tell them apart)
st.set_page_config(page_title=f"{page.title} · Probation Ratings Explorer", page_icon=ICON, layout="wide")
st.session_state["_page_path"] = page.url_path  # for permalinks (explorer.ui.permalink)
st.session_state["_page_title"] = page.title  # for citations (explorer.ui.citation)
# room at the top of every page for "Copy link" and "Cite this", filled by ui.source_note()
# once the page has run (so the link carries the view's final state)
ui.share_slot_here()

with st.sidebar:
    # Body-coloured small text, not st.caption: the caption grey on the sidebar's grey is 4.46:1,
    # just under WCAG AA's 4.5:1.
    st.markdown(
        ":small[Ratings published by HM Inspectorate of Probation, 2018 to date, for Community "
        "Rehabilitation Companies, National Probation Service divisions and, since June 2021, "
        "the Probation Service's regions and Probation Delivery Units. Blank means not in our data.]"
    )
    st.markdown(f":small[{ui.build_note()}]")

page.run()
