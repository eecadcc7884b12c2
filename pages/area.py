"""Area: placeholder until issue #5 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Area")
ui.coming("A profile of any organisation over time, with its predecessors and successors across the 2021 reorganisation.", 5)
