"""The needs-assessment standard counted without building its cases: a year of 100 000
clients is too many ``Case`` objects for the dashboard to open quickly.

One plain query returns (group, received, assessed) as ISO strings; the working-day
positions are looked up in two dicts made from ``WorkdayIndex``. Same rule as ``measure``:
due = the N-th working day after receipt; met when assessed on or before it; a case counts
in the month it stopped, else in the month it fell due.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from sqlalchemy import text
from sqlalchemy.orm import Session

from ciip_desktop.services.quality.clock import WorkdayIndex

GROUP_COLUMNS = {
    "": "''",
    "counsellor": "COALESCE(c.counsellor_id, '')",
    "city": "c.city_of_residence",
}


def assessment_counts(
    db: Session,
    index: WorkdayIndex,
    target_days: int,
    today: date,
    first: date,
    last: date,
    by: str = "",
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(month, group) -> (met, missed, running) for registrations received in the span."""
    count: dict[str, int] = {}
    day = index.first
    while day <= index.last:
        count[day.isoformat()] = index.count_through(day)
        day += timedelta(days=1)
    workdays = [d.isoformat() for d in index.workdays]
    sql = f"""
        SELECT {GROUP_COLUMNS[by]}, c.received_on, a.assessed_on, c.status
        FROM client c
        LEFT JOIN needs_assessment a
          ON a.client_id = c.id AND a.deleted = 0 AND a.complete = 1
        WHERE c.deleted = 0 AND c.received_on BETWEEN :first AND :last
    """
    now = today.isoformat()
    tally: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    rows = db.execute(text(sql), {"first": first.isoformat(), "last": last.isoformat()})
    for group, received, stop, status in rows:
        if stop is None and status == "withdrawn":
            continue
        due = workdays[count[received] + target_days - 1]
        if stop is not None:
            tally[(stop[:7], group)][0 if stop <= due else 1] += 1
        else:
            tally[(due[:7], group)][1 if due < now else 2] += 1
    return {key: (met, missed, running) for key, (met, missed, running) in tally.items()}
