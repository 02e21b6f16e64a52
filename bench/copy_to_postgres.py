"""Copy a muni SQLite database (e.g. the crawled demo data dir) into an empty PostgreSQL
database, table by table, so the PostgreSQL search index can be measured on the same data.

    python bench/copy_to_postgres.py /tmp/data/muni.db postgresql+psycopg://... [--index]

The target is migrated first (so it has the search columns of migration 0009); with `--index`
every tenant's PostgreSQL search columns are filled afterwards (`PostgresIndex.refresh`).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from sqlalchemy import Integer, create_engine, func, insert, inspect, select, text

from muni.search.postgres import PostgresIndex
from muni.store.database import Database
from muni.store.tables import Base
from muni.store.tenants import TenantRepository


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("sqlite", type=Path)
    parser.add_argument("url")
    parser.add_argument("--index", action="store_true")
    args = parser.parse_args()
    source = create_engine(f"sqlite:///{args.sqlite}")
    target = Database(args.url)
    target.migrate()
    started = time.perf_counter()
    copied = {}
    with source.connect() as src, target.engine.begin() as dst:
        present = set(inspect(src).get_table_names())
        for table in Base.metadata.sorted_tables:
            if table.name not in present:  # an older data dir: nothing to copy
                continue
            # the columns both sides have: a data dir from before a migration lacks the new
            # ones (turns.message_id), which stay empty
            had = {c["name"] for c in inspect(src).get_columns(table.name)}
            columns = [c for c in table.columns if c.name in had]
            rows = [dict(r._mapping) for r in src.execute(select(*columns))]
            for start in range(0, len(rows), 2000):
                dst.execute(insert(table), rows[start : start + 2000])
            copied[table.name] = len(rows)
            if rows and "id" in table.c and isinstance(table.c.id.type, Integer):
                top = dst.execute(select(func.max(table.c.id))).scalar_one()
                dst.execute(
                    text(f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), :v)"),
                    {"v": top},
                )
    print({"copied": copied, "seconds": round(time.perf_counter() - started, 1)})
    if args.index:
        index = PostgresIndex(target, None)
        with target.session() as session:
            tenants = TenantRepository(session).all()
        for tenant in tenants:
            began = time.perf_counter()
            filled = index.refresh(tenant)
            print({"tenant": tenant.slug, "filled": filled,
                   "seconds": round(time.perf_counter() - began, 1)})
    target.dispose()


if __name__ == "__main__":
    main()
