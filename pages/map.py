"""Map: placeholder until issue #4 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Map")
ui.coming("Hex maps of both eras and a geographic map of ratings.", 4)
