"""Follow up: placeholder until issue #6 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Follow up")
ui.coming("A watchlist of areas needing follow-up, with honest statistics for small samples.", 6)
