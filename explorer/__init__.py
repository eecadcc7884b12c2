"""Probation Ratings Explorer: the logic below the Streamlit pages.

Everything in this package except ``explorer.ui`` is plain Python (no Streamlit),
so it can be tested with pytest alone.
"""
