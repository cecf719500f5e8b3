"""`age` (whole days since an entry was published, or first seen) as comparisons of its timestamp.

Both back ends use these bounds, so `age < 7` means the same in SQL (where it becomes a range on the indexed
`sort_time` column) and in Python (at refresh, before an entry is stored). Timestamps are the store's ISO 8601
UTC strings, which order as text.
"""

from __future__ import annotations

from datetime import datetime, timedelta

# (op, cutoff): the timestamp is "after" (>) or "at or before" (<=) the cutoff.
Bound = tuple[str, str]


def _cutoff(now: datetime, days: int) -> str:
    try:
        return (now - timedelta(days=days)).isoformat(timespec="seconds")
    except OverflowError:
        return "0000" if days > 0 else "9999"


def age_bounds(op: str, days: int, now: datetime) -> list[Bound]:
    """The bounds (all must hold) for `age OP days`, with age = floor(days since the timestamp).

    age < n  <=> elapsed < n      <=> t >  now - n
    age >= n <=> elapsed >= n     <=> t <= now - n
    age <= n <=> age < n + 1;  age > n <=> age >= n + 1;  age = n <=> age >= n and age <= n.
    """
    if op == "<":
        return [(">", _cutoff(now, days))]
    if op == ">=":
        return [("<=", _cutoff(now, days))]
    if op == "<=":
        return age_bounds("<", days + 1, now)
    if op == ">":
        return age_bounds(">=", days + 1, now)
    if op == "=":
        return age_bounds(">=", days, now) + age_bounds("<=", days, now)
    raise ValueError(op)


def holds(stamp: str, bounds: list[Bound]) -> bool:
    return all(stamp > cut if op == ">" else stamp <= cut for op, cut in bounds)
