"""The yardstick of bench/browser.py: the barest Streamlit app that does what our pages do in
kind (routed pages, one select box, one chart), so every browser figure is a ratio to Streamlit
itself on the same machine in the same run."""
import streamlit as st


def first():
    st.title("Bare page")
    choice = st.selectbox("Choose", ["One", "Two", "Three"], key="bare_choice")
    st.write(f"You chose {choice}.")


def second():
    st.title("Second bare page")
    st.write("One line.")


def chart():
    """The floor of any page with a chart: one small Plotly figure (the browser fetches and
    starts Plotly's library on the first page that draws one)."""
    import plotly.graph_objects as go
    st.title("Bare chart page")
    st.plotly_chart(go.Figure(go.Bar(x=["One", "Two", "Three"], y=[1, 3, 2])))


st.navigation([st.Page(first, title="First", url_path="first", default=True),
               st.Page(second, title="Second", url_path="second"),
               st.Page(chart, title="Chart", url_path="chart")]).run()
