"""`harness serve`: a local, read-only web page over the results index and the bundles.

`app.create_app` builds the Flask app; `bundles` decides which report file may be sent.
"""
