"""The demo municipal website: served per demo tenant on 127.0.0.1 for crawling."""
