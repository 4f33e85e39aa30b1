"""Presentation for the Streamlit app (`app.py`): pages, rendering and cached resources.

Nothing here retrieves, parses or scores: questions go to `qa.Assistant`, documents to
`index/`. These modules only decide what the user sees and when heavy objects are built.
"""
