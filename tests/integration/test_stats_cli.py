"""`muni stats generate` and `muni stats rollup` as a user runs them (the real entry point)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from muni.store.database import Database
from muni.store.tables import StatsDayRow, StatsHourRow
from tests.integration.test_cli import muni


def test_generate_and_rollup_from_the_command_line(tmp_path):
    made = muni("stats", "generate", "--conversations", "120", "--years", "0.5",
                "--seed", "4", "--tenants", "aarhus", data_dir=tmp_path)
    assert "120 samtaler" in made.stderr and "aarhus" in made.stderr
    db = Database(f"sqlite:///{tmp_path / 'muni.db'}")
    with db.read() as s:
        assert s.scalar(select(func.sum(StatsHourRow.conversations))) == 120
        with_days = s.scalar(select(func.count()).select_from(StatsDayRow))
    assert with_days >= 180
    # re-rolling some days from the command line changes nothing
    today = date.today()
    rolled = muni("stats", "rollup", "--tenants", "aarhus", "--from", f"{today.year - 1}-01-01",
                  data_dir=tmp_path)
    assert "aarhus: rullet op" in rolled.stderr
    assert muni("stats", "rollup", data_dir=tmp_path).returncode == 0
    with db.read() as s:
        assert s.scalar(select(func.sum(StatsHourRow.conversations))) == 120
        assert s.scalar(select(func.sum(StatsHourRow.synthetic))) == 120
    db.dispose()


def test_bad_input_is_one_clear_error(tmp_path):
    unknown = muni("stats", "generate", "--conversations", "5", "--tenants", "nowhere",
                   data_dir=tmp_path, check=False)
    assert unknown.returncode == 2 and "nowhere" in unknown.stderr
    assert "Traceback" not in unknown.stderr
    bad_day = muni("stats", "rollup", "--from", "2026-13-01", data_dir=tmp_path, check=False)
    assert bad_day.returncode == 2 and "2026-01-31" in bad_day.stderr
    backwards = muni("stats", "rollup", "--from", "2026-02-01", "--to", "2026-01-01",
                     data_dir=tmp_path, check=False)
    assert backwards.returncode == 2 and "efter" in backwards.stderr
