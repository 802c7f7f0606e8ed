"""The needs-assessment standard counted without building its cases: a year of 100 000
clients is too many ``Case`` objects (and too many rows) for the dashboard to open quickly.

The working-day arithmetic is done once per calendar day, not once per client: each day of
the span gets its due date (the N-th working day after it, from ``WorkdayIndex``) in a small
temporary table, and one grouped query joins the registrations to it and returns only the
counts per (group, month, outcome). Same rule as ``measure``: met when assessed on or before
the due date; a case counts in the month it stopped, else in the month it fell due;
a client who withdrew before the call has no clock.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy.orm import Session

from ciip_desktop.services.quality.clock import WorkdayIndex

GROUP_COLUMNS = {
    "": "''",
    "counsellor": "COALESCE(c.counsellor_id, '')",
    "city": "c.city_of_residence",
}
MET, MISSED, RUNNING = 0, 1, 2

# The table lives in the connection's own temporary database: nothing synced is written.
_DUE_TABLE = (
    "CREATE TEMP TABLE IF NOT EXISTS quality_due_day "
    "(day DATE PRIMARY KEY, due DATE NOT NULL) WITHOUT ROWID"
)
# Parameters: today, first, last. CROSS JOIN keeps SQLite from scanning the day table
# first; ``day`` has the DATE (numeric) affinity of ``received_on``, so its primary key
# answers the join.
_COUNTS = """
    SELECT {group} AS grp,
           substr(COALESCE(a.assessed_on, d.due), 1, 7) AS month,
           CASE WHEN a.assessed_on IS NOT NULL THEN (a.assessed_on > d.due)
                ELSE 2 - (d.due < ?) END AS outcome,
           count(*)
    FROM client c CROSS JOIN temp.quality_due_day d ON d.day = c.received_on
    LEFT JOIN needs_assessment a
      ON a.client_id = c.id AND a.deleted = 0 AND a.complete = 1
    WHERE c.deleted = 0 AND c.received_on BETWEEN ? AND ?
      AND NOT (a.assessed_on IS NULL AND c.status = 'withdrawn')
      {paused}
    GROUP BY grp, month, outcome
"""

_NOT_PAUSED = """AND NOT EXISTS (SELECT 1 FROM clock_pause p WHERE p.client_id = c.id
                  AND p.standard_key = 'assessment_call' AND p.deleted = 0)"""


def due_days(
    index: WorkdayIndex, target_days: int, first: date, last: date
) -> list[tuple[str, str]]:
    """(day, due day) for every calendar day of ``[first, last]``, as ISO strings."""
    rows = []
    day = first
    while day <= last:
        rows.append((day.isoformat(), index.add(day, target_days).isoformat()))
        day += timedelta(days=1)
    return rows


def assessment_counts(
    db: Session,
    index: WorkdayIndex,
    target_days: int,
    today: date,
    first: date,
    last: date,
    by: str = "",
    skip_paused: bool = False,
) -> dict[tuple[str, str], tuple[int, int, int]]:
    """(month, group) -> (met, missed, running) for registrations received in the span;
    ``skip_paused`` leaves out the clients whose call clock has a pause (measured apart)."""
    connection = db.connection()
    connection.exec_driver_sql(_DUE_TABLE)
    connection.exec_driver_sql("DELETE FROM temp.quality_due_day")
    connection.exec_driver_sql(
        "INSERT INTO temp.quality_due_day (day, due) VALUES (?, ?)",
        due_days(index, target_days, first, last),  # type: ignore[arg-type]
    )
    rows = connection.exec_driver_sql(
        _COUNTS.format(group=GROUP_COLUMNS[by], paused=_NOT_PAUSED if skip_paused else ""),
        (today.isoformat(), first.isoformat(), last.isoformat()),
    )
    tally: dict[tuple[str, str], list[int]] = {}
    for group, month, outcome, count in rows:
        tally.setdefault((month, group), [0, 0, 0])[outcome] += count
    return {key: (met, missed, running) for key, (met, missed, running) in tally.items()}
