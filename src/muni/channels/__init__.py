"""Ways citizens reach muni besides the web chat: QR deep links from letters (phone later)."""
