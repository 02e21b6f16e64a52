"""Privacy by design: redaction at the edge, retention and erasure."""
