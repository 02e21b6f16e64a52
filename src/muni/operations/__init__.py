"""Running muni in production: metrics, structured logs, health and readiness."""
