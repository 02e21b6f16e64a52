"""Where PostgreSQL's time goes under load: bench/load_http.py against an embedded PostgreSQL
18 with pg_stat_statements, then the statements by total execution time.

    MUNI_DATA_DIR=<demo dir> python bench/postgres_statements.py [load_http options...]
    MUNI_DATA_DIR=<demo dir> python bench/postgres_statements.py --origin https://www.aarhus.dk

The server gets a copy of MUNI_DATA_DIR's SQLite database (bench/copy_database.py, analysed
afterwards), the statistics are reset, `load_http.py --database-url ...` runs with the options
given (by default 2 workers, 50 conversations x 40 messages), and the 25 statements with the
most execution time are printed (calls, total ms, rows, the statement's start). Everything is
removed afterwards. This is how a turn's INSERT was found to read every turn of its tenant
(bench/README (af)).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
STATISTICS = "shared_preload_libraries = 'pg_stat_statements'\npg_stat_statements.track = all"


def main(load_options: list[str]) -> None:
    from load_http import embedded_postgres
    from sqlalchemy import create_engine, text

    with embedded_postgres(conf=STATISTICS) as url:
        engine = create_engine(url, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_stat_statements"))
            connection.execute(text("SELECT pg_stat_statements_reset()"))
        options = ["--messages", "40", *load_options]  # a later --messages wins
        subprocess.run([sys.executable, str(BENCH / "load_http.py"), "bench/dev/intents.jsonl",
                        "--database-url", url, *options], cwd=BENCH.parent, check=True)
        with engine.connect() as connection:
            rows = connection.execute(text(
                "SELECT calls, round(total_exec_time::numeric, 1), rows,"
                " left(regexp_replace(query, '\\s+', ' ', 'g'), 100)"
                " FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 25")).fetchall()
            total = connection.execute(text(
                "SELECT sum(calls), round(sum(total_exec_time)::numeric, 1)"
                " FROM pg_stat_statements")).one()
        engine.dispose()
    print(f"\n{'calls':>7} {'total ms':>10} {'rows':>8}  statement")
    for calls, ms, count, query in rows:
        print(f"{calls:>7} {ms:>10} {count:>8}  {query}")
    print(f"all statements: {total[0]} calls, {total[1]} ms")


if __name__ == "__main__":
    sys.path.insert(0, str(BENCH))
    main(sys.argv[1:])
