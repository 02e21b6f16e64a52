"""The generator's moments stay inside the period asked for: none after its end, even on the
last day (the hour profile would otherwise place evening conversations after a noon end)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from muni.analytics.generate import _Sampler, _Topic


def test_no_moment_falls_after_the_end():
    end = datetime(2025, 12, 31, 12, tzinfo=UTC)
    days = 3
    sampler = _Sampler(random.Random(3), [_Topic("pas", (), {"": ("pas",)})],
                       end - timedelta(days=days - 1), days, end)
    moments = [sampler.moment() for _ in range(3000)]
    assert max(moments) <= end
    assert min(moments) >= datetime(2025, 12, 28, 23, tzinfo=UTC)  # midnight, Danish time
    assert any(m.date() == end.date() for m in moments)  # the last morning is still used
