"""What every request passes before a route sees it: body size, capacity, CORS, headers."""
