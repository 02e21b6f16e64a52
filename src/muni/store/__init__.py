"""Storage: SQLAlchemy tables, migrations and tenant-scoped repositories."""
