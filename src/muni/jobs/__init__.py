"""Background work (crawls, retraining, retention purges) on a job table in muni's own
database: PostgreSQL for production (workers claim with SKIP LOCKED), SQLite for small
installs (run in the server process). See docs/adr/0012-jobs-and-operations.md."""
