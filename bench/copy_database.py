"""Copy a muni database (e.g. the crawled SQLite demo data) into another one (e.g. PostgreSQL),
so a benchmark on PostgreSQL answers from exactly the same content, pages and passages.

    python bench/copy_database.py sqlite:////tmp/h4data/muni.db \
        'postgresql+psycopg://postgres@/muni_bench?host=/tmp/pgsock'

The target is migrated to the newest schema first, then emptied, then every table is copied
row by row in dependency order (columns both sides have); PostgreSQL's id sequences are moved
past the copied ids, and the target is analysed (ANALYZE), so that its query planner has the
statistics a database in use has. The source is only read.
"""

from __future__ import annotations

import argparse

from sqlalchemy import MetaData, func, inspect, select, text

from muni.store.database import Database


def copy(source_url: str, target_url: str, batch: int = 500) -> dict[str, int]:
    source, target = Database(source_url), Database(target_url)
    target.migrate()
    tables = MetaData()
    tables.reflect(target.engine)
    present = set(inspect(source.engine).get_table_names())
    ordered = [t for t in tables.sorted_tables if t.name != "alembic_version"]
    copied: dict[str, int] = {}
    with target.engine.begin() as out:
        for table in reversed(ordered):
            out.execute(table.delete())
        for table in ordered:
            if table.name not in present:
                continue
            source_columns = {c["name"] for c in inspect(source.engine).get_columns(table.name)}
            columns = [c for c in table.columns if c.name in source_columns]
            count = 0
            with source.engine.connect() as inp:
                result = inp.execute(select(*[text(f'"{c.name}"') for c in columns])
                                     .select_from(text(f'"{table.name}"')))
                while rows := result.fetchmany(batch):
                    out.execute(table.insert(), [
                        {c.name: _value(c, v) for c, v in zip(columns, row, strict=True)}
                        for row in rows])
                    count += len(rows)
            copied[table.name] = count
            if out.dialect.name == "postgresql":
                for column in table.primary_key.columns:
                    if column.autoincrement is True or (
                            column.type.python_type is int and column.server_default is not None):
                        _move_sequence(out, table.name, column.name)
    with target.engine.connect() as connection:  # statistics, as autovacuum would gather them
        connection.execute(text("ANALYZE"))
        connection.commit()
    source.dispose()
    target.dispose()
    return copied


def _value(column, value):  # type: ignore[no-untyped-def]
    """SQLite hands back JSON as text and booleans as 0/1 when read without the ORM types."""
    if value is None:
        return None
    kind = type(column.type).__name__.upper()
    if "JSON" in kind and isinstance(value, str):
        import json

        return json.loads(value)
    if kind == "BOOLEAN":
        return bool(value)
    if kind in ("DATETIME", "TIMESTAMP") and isinstance(value, str):
        from datetime import datetime

        return datetime.fromisoformat(value)
    return value


def _move_sequence(connection, table: str, column: str) -> None:  # type: ignore[no-untyped-def]
    sequence = connection.scalar(text("SELECT pg_get_serial_sequence(:t, :c)"),
                                 {"t": table, "c": column})
    if sequence:
        top = connection.scalar(select(func.max(text(f'"{column}"'))).select_from(
            text(f'"{table}"')))
        connection.execute(text("SELECT setval(:s, :v)"), {"s": sequence, "v": (top or 0) + 1})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("source")
    parser.add_argument("target")
    args = parser.parse_args()
    for name, count in copy(args.source, args.target).items():
        print(f"{name}: {count}")


if __name__ == "__main__":
    main()
