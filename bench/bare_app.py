"""The yardstick of bench/browser.py: the barest Streamlit app that does what our pages do in
kind (two routed pages and one select box), so every browser figure is a ratio to Streamlit
itself on the same machine in the same run."""
import streamlit as st


def first():
    st.title("Bare page")
    choice = st.selectbox("Choose", ["One", "Two", "Three"], key="bare_choice")
    st.write(f"You chose {choice}.")


def second():
    st.title("Second bare page")
    st.write("One line.")


st.navigation([st.Page(first, title="First", url_path="first", default=True),
               st.Page(second, title="Second", url_path="second")]).run()
