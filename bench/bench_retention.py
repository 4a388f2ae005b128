"""Log retention by dropping a month's partition vs deleting the same records.

Seeds one old month of ``--records`` log records (``--runs`` runs) into the real,
partitioned ``run_logs`` (plus a recent month that stays, and the empty partitions
of the past year a live registry has), and the same rows into an unpartitioned copy
shaped like ``run_logs`` before migration 0012 (primary key ``(run_id, seq)``). Then:

- reads of one run's first 1,000 records (what ``/runs/{id}/logs`` and the live tail
  run) on both tables, median and p95;
- ``stardag registry prune --logs-older-than``'s work (``prune_logs``): dry run, then
  the DROP of the old month;
- the old way of removing those records, DELETE by batches of 5,000 runs (as the run
  retention does) on the copy, and the VACUUM that reclaims what it leaves.

    uv run python bench/bench_retention.py [--records 2000000] [--runs 2000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from sqlalchemy import create_engine
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _api_bench_support import percentile, scratch_database
from stardag_api.core.config import sqlalchemy_url
from stardag_api.db.migrations import upgrade_database
from stardag_api.store.log_partitions import (
    add_months,
    ensure_month_partitions,
    month_start,
    partition_name,
    prune_logs,
)
from stardag_api.store.logs import _INSERT_LOGS

RUN_BATCH = 5_000  # store/retention.py's PRUNE_BATCH_RUNS
READ_LIMIT = 1_000


def _seed(url: str, records: int, runs: int, old_month: datetime, this_month: datetime) -> None:
    per_run = max(1, records // runs)
    with psycopg.connect(url) as conn:
        conn.execute(
            "INSERT INTO runs (run_id, task_id, started_at, status) "
            "SELECT gen_random_uuid(), gen_random_uuid(), %s + i * interval '1 minute', "
            "'completed' FROM generate_series(1, %s) AS i",
            (old_month, runs + runs // 10),
        )
        # The old month's runs log ``per_run`` records each, spread over the month; a
        # tenth as many recent runs log into this month (kept).
        conn.execute(
            """
            INSERT INTO run_logs (run_id, seq, "timestamp", level_no, message)
            SELECT r.run_id, s.seq,
                   %(old)s + (r.n * %(per_run)s + s.seq) * (interval '25 days' / %(total)s),
                   20, 'step ' || s.seq || ' of run ' || r.n || ': loss=0.125, lr=3e-4'
            FROM (SELECT run_id, row_number() OVER (ORDER BY started_at) AS n FROM runs) r
            CROSS JOIN generate_series(0, %(per_run)s - 1) AS s(seq)
            WHERE r.n <= %(runs)s
            """,
            {"old": old_month, "per_run": per_run, "total": per_run * runs, "runs": runs},
        )
        conn.execute(
            """
            INSERT INTO run_logs (run_id, seq, "timestamp", level_no, message)
            SELECT r.run_id, s.seq, %(now)s, 20, 'recent line ' || s.seq
            FROM (SELECT run_id, row_number() OVER (ORDER BY started_at) AS n FROM runs) r
            CROSS JOIN generate_series(0, %(per_run)s - 1) AS s(seq)
            WHERE r.n > %(runs)s
            """,
            {"now": this_month, "per_run": per_run, "runs": runs},
        )
        conn.execute(
            "CREATE TABLE run_logs_plain (LIKE run_logs INCLUDING DEFAULTS, "
            "PRIMARY KEY (run_id, seq), FOREIGN KEY (run_id) REFERENCES runs ON DELETE CASCADE)"
        )
        conn.execute("INSERT INTO run_logs_plain SELECT * FROM run_logs")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE run_logs_plain")
        conn.execute("VACUUM ANALYZE run_logs")


def _read_latencies(url: str, run_ids: list[object]) -> dict[str, list[float]]:
    """Per table, the times of reading one run's first records, interleaved (one run on
    both tables, then the next) so both see the same load; after a warm-up round."""
    timings: dict[str, list[float]] = {"run_logs": [], "run_logs_plain": []}
    with psycopg.connect(url) as conn:
        for round_ in range(4):
            for run_id in run_ids:
                for table, samples in timings.items():
                    query = (
                        f'SELECT seq, "timestamp", level_no, logger, message, stream FROM {table} '
                        f"WHERE run_id = %s ORDER BY seq LIMIT {READ_LIMIT + 1}"
                    )
                    start = time.perf_counter()
                    conn.execute(query, (run_id,), prepare=True).fetchall()
                    if round_:
                        samples.append((time.perf_counter() - start) * 1000)
    return timings


# Before migration 0012: one key, (run_id, seq).
_OLD_INSERT = """
    INSERT INTO run_logs_plain (run_id, seq, "timestamp", level_no, logger, message, stream)
    SELECT r.run_id, r.seq, r.ts, r.level_no, r.logger, r.message, r.stream
    FROM json_to_recordset(CAST(%s AS json))
         AS r(run_id uuid, seq int, ts timestamptz, level_no smallint, logger text,
              message text, stream text)
    ON CONFLICT (run_id, seq) DO NOTHING
"""


def _insert_latencies(url: str, batches: int) -> dict[str, list[float]]:
    """Per statement, the times of inserting batches of 5,000 new records of a new run
    (and of replaying them), interleaved: today's statement into the partitioned table,
    the old one into the unpartitioned copy."""
    new_insert = str(_INSERT_LOGS).replace(":rows", "%s")
    timings: dict[str, list[float]] = {
        "partitioned new": [],
        "unpartitioned new": [],
        "partitioned replay": [],
        "unpartitioned replay": [],
    }
    now = datetime.now(UTC).isoformat()
    with psycopg.connect(url) as conn:
        for _ in range(batches):
            run_id = conn.execute(
                "INSERT INTO runs (run_id, task_id, started_at) "
                "VALUES (gen_random_uuid(), gen_random_uuid(), now()) RETURNING run_id"
            ).fetchone()
            assert run_id is not None
            for fresh, kind in ((True, "new"), (False, "replay")):
                rows = json.dumps(
                    [
                        {
                            "run_id": str(run_id[0]),
                            "seq": seq,
                            "ts": now,
                            "level_no": 20,
                            "logger": "train",
                            "message": f"step {seq}: loss=0.125",
                            "stream": "log",
                            "fresh": fresh,
                        }
                        for seq in range(5_000)
                    ]
                )
                for label, statement in (
                    ("partitioned", new_insert),
                    ("unpartitioned", _OLD_INSERT),
                ):
                    start = time.perf_counter()
                    conn.execute(statement, (rows,))
                    conn.commit()
                    timings[f"{label} {kind}"].append((time.perf_counter() - start) * 1000)
    return timings


def _delete_by_runs(url: str, old_month: datetime, runs: int) -> tuple[float, float, int]:
    """The old way: DELETE the month's runs' records in batches of runs; then VACUUM."""
    with psycopg.connect(url) as conn:
        run_ids = [
            row[0]
            for row in conn.execute(
                "SELECT run_id FROM runs ORDER BY started_at LIMIT %s", (runs,)
            ).fetchall()
        ]
    deleted = 0
    start = time.perf_counter()
    with psycopg.connect(url) as conn:
        for first in range(0, len(run_ids), RUN_BATCH):
            batch = run_ids[first : first + RUN_BATCH]
            cursor = conn.execute("DELETE FROM run_logs_plain WHERE run_id = ANY(%s)", (batch,))
            deleted += cursor.rowcount
            conn.commit()
    delete_seconds = time.perf_counter() - start
    start = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM run_logs_plain")
    return delete_seconds, time.perf_counter() - start, deleted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--records", type=int, default=2_000_000)
    parser.add_argument("--runs", type=int, default=2_000)
    parser.add_argument("--database-url", default=None)
    args = parser.parse_args()
    now = datetime.now(UTC)
    this_month = month_start(now)
    old_month = add_months(this_month, -4)
    with scratch_database(args.database_url) as url:
        upgrade_database(url)
        engine = create_engine(sqlalchemy_url(url))
        with Session(engine) as session:  # a year of partitions, as a live registry has
            ensure_month_partitions(session, [add_months(this_month, -k) for k in range(12)])
        start = time.perf_counter()
        _seed(url, args.records, args.runs, old_month, this_month)
        print(f"seeded {args.records:,} old records in {time.perf_counter() - start:.1f} s")
        with psycopg.connect(url) as conn:
            sample = [
                r[0] for r in conn.execute("SELECT run_id FROM runs ORDER BY random() LIMIT 50")
            ]
            partitions = conn.execute(
                "SELECT count(*) FROM pg_inherits WHERE inhparent = 'run_logs'::regclass"
            ).fetchone()
        latencies = _read_latencies(url, sample)
        part, plain = latencies["run_logs"], latencies["run_logs_plain"]
        print(
            f"read one run's first {READ_LIMIT} records (ms, prepared; "
            f"{partitions[0] if partitions else 0} partitions): partitioned p50 "
            f"{percentile(part, 50):.2f} p95 {percentile(part, 95):.2f} | unpartitioned p50 "
            f"{percentile(plain, 50):.2f} p95 {percentile(plain, 95):.2f}"
        )
        inserts = _insert_latencies(url, batches=15)
        print(
            "insert 5,000 records of a run (ms, p50): "
            + ", ".join(f"{k} {percentile(v, 50):.1f}" for k, v in inserts.items())
        )
        cutoff = add_months(old_month, 1)
        with Session(engine) as session:
            start = time.perf_counter()
            dry = prune_logs(session, cutoff, dry_run=True)
            dry_seconds = time.perf_counter() - start
            with psycopg.connect(url) as conn:  # the CLI counts, the server's loop does not
                conn.execute(
                    f"CREATE TABLE drop_probe AS SELECT * FROM {partition_name(old_month)}"
                )
            start = time.perf_counter()
            done = prune_logs(session, cutoff)
            drop_seconds = time.perf_counter() - start
        with psycopg.connect(url) as conn:
            conn.execute(f"CREATE TABLE {partition_name(old_month)} (LIKE run_logs)")
            conn.execute(f"INSERT INTO {partition_name(old_month)} SELECT * FROM drop_probe")
            conn.execute(
                f"ALTER TABLE run_logs ATTACH PARTITION {partition_name(old_month)} FOR VALUES "
                f"FROM ('{old_month.isoformat()}') TO ('{cutoff.isoformat()}')"
            )
            conn.execute("DROP TABLE drop_probe")
            conn.execute("DELETE FROM log_retention")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE run_logs")
        with Session(engine) as session:
            start = time.perf_counter()
            uncounted = prune_logs(session, cutoff, count_dropped=False)
            uncounted_seconds = time.perf_counter() - start
        engine.dispose()
        assert partition_name(old_month) in uncounted.dropped_partitions
        assert partition_name(old_month) in done.dropped_partitions
        delete_seconds, vacuum_seconds, deleted = _delete_by_runs(url, old_month, args.runs)
        assert deleted == done.records == dry.records, (deleted, done.records, dry.records)
        print(f"dry run (counts {dry.records:,} records): {dry_seconds:.2f} s")
        print(
            f"prune by DROP of {partition_name(old_month)}: {drop_seconds:.3f} s counting "
            f"its records (the CLI), {uncounted_seconds:.3f} s without (the server's loop)"
        )
        print(
            f"old DELETE by batches of {RUN_BATCH} runs: {delete_seconds:.2f} s "
            f"(+ VACUUM {vacuum_seconds:.2f} s)"
        )
        for label, seconds in (("counted", drop_seconds), ("uncounted", uncounted_seconds)):
            print(
                f"DROP ({label}) is {delete_seconds / seconds:.0f}x faster than the DELETE "
                f"({(delete_seconds + vacuum_seconds) / seconds:.0f}x with its VACUUM)"
            )
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
