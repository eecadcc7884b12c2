"""Trends: placeholder until issue #5 lands (an honest note, nothing made up)."""
import streamlit as st

from explorer import ui

st.title("Trends")
ui.coming("Rating distributions per year and programme.", 5)
