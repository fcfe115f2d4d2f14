"""The desk: following feeds and sitemaps (`newsgraph watch`) and alerts on new matches (docs/desk.md).

fetch.py holds all the network code; listings.py reads what feeds, sitemaps and OPML files list;
state.py keeps the watch's state in the store; watch.py is the poll loop.
"""
