"""Compare: placeholder until issue #3 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Compare")
ui.coming("CRCs against NPS divisions, and any organisations side by side.", 3)
