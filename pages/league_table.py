"""League table: placeholder until issue #3 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("League table")
ui.coming("League tables by programme, with standard-by-standard ratings and downloads.", 3)
