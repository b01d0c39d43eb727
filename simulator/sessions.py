"""User sessions (§5.8): per user, activities (standalone calls and workflow spans) ordered by
time; a gap above `session_gap_minutes` after the previous activity's end starts a new session.
"""

from __future__ import annotations

import numpy as np

from include.reference import threshold
from simulator.parallel import parallel_map
from simulator.rng import mix64, salt_for
from simulator.sorting import argsort_by

PARTS = 4  # independent parts of the activities, shared out over the threads


def assign_sessions(seed: int, user: np.ndarray, start: np.ndarray, end: np.ndarray
                    ) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """Session key of every activity and the session records (user, key, started, ended).

    The key packs (user, ordinal of the session for that user), so ids derive from exactly the
    (seed, user, session ordinal) triple of §5.8.
    """
    gap_us = int(threshold("session_gap_minutes") * 60 * 1_000_000)
    if len(user) and int(user.max()) < 2**15 and int(user.min()) >= 0:
        # same permutation as argsort_by(user, start): order by start (the calls come in time
        # order, so the stable sort mostly merges runs), then a stable 16-bit radix sort by user
        by_start = np.argsort(start, kind="stable")
        order = by_start[np.argsort(user[by_start].astype(np.int16), kind="stable")]
    else:
        order = argsort_by(user, start)
    out = np.empty(len(order), dtype=np.int64)
    # users' activities are independent: the sorted activities go in parts cut at user changes
    # (a fixed cut rule, so the records never depend on the number of threads)
    parts = parallel_map(lambda ab: _group(user, start, end, order[ab[0]: ab[1]], gap_us, out),
                         _user_parts(user, order, PARTS))
    records = {k: np.concatenate([p[k] for p in parts]) for k in ("user", "key", "started", "ended")}
    return out, records


def _user_parts(user: np.ndarray, order: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """[a, b) slices of ``order`` (activities sorted by user) of about equal size, cut where the
    user changes."""
    n = len(order)
    sorted_user = user[order]
    cuts = [0]
    for i in range(1, parts if n else 1):
        # the first activity of the user found at the i-th quantile
        at = int(np.searchsorted(sorted_user, sorted_user[n * i // parts], side="left"))
        if at > cuts[-1]:
            cuts.append(at)
    return [(a, b) for a, b in zip(cuts, [*cuts[1:], n], strict=True) if b > a] or [(0, 0)]


def _group(user: np.ndarray, start: np.ndarray, end: np.ndarray, order: np.ndarray, gap_us: int,
           out: np.ndarray) -> dict[str, np.ndarray]:
    """Sessions of the activities ``order`` (whole users, sorted by user then start): writes
    each activity's key into ``out`` and returns the part's session records."""
    u, s, e = user[order], start[order], end[order]
    new = np.ones(len(order), dtype=bool)
    new[1:] = (u[1:] != u[:-1]) | (s[1:] - e[:-1] > gap_us)
    session_no = np.cumsum(new) - 1  # running number within the part
    first_of_user = np.ones(len(order), dtype=bool)
    first_of_user[1:] = u[1:] != u[:-1]
    base = np.maximum.accumulate(np.where(first_of_user, session_no, 0))
    ordinal = session_no - base
    key = (u.astype(np.int64) << 24) | ordinal
    out[order] = key
    starts = np.flatnonzero(new)
    ends_max = np.maximum.reduceat(e, starts) if len(starts) else e[:0]
    return {"user": u[starts], "key": key[starts], "started": s[starts], "ended": ends_max}


def session_hash(seed: int, key: np.ndarray) -> np.ndarray:
    return mix64(key.astype(np.uint64), salt_for(seed, "session"))
