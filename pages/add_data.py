"""Add data: placeholder until issue #7 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Add data")
ui.coming("Adding newly published results with validation and an audit trail.", 7)
