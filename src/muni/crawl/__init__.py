"""Crawl a tenant's website: robots.txt, sitemaps, conditional GET, extraction, chunking."""
