"""The atlas's web server: the Streamlit app, public pages and operations routes in one process."""
