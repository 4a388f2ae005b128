"""A small real DAG for the UI end-to-end tests, built with the SDK.

Run as a subprocess with ``STARDAG_REGISTRY=api`` and ``STARDAG_REGISTRY_URL`` pointing at
the test server. Prints one JSON line describing what it built, for the test to assert on.
"""

from __future__ import annotations

import json
import logging

import stardag as sd

log = logging.getLogger("ui_e2e")


@sd.task(version="1")
def get_range(limit: int) -> list[int]:
    log.info("making a range of %d numbers", limit)
    return list(range(limit))


@sd.task
def get_sum(numbers: sd.Depends[list[int]]) -> int:
    log.debug("summing %d numbers", len(numbers))
    return sum(numbers)


@sd.task
def divide(total: sd.Depends[int], by: int) -> float:
    log.warning("dividing %d by %d", total, by)
    log.error("this will fail: the divisor is %d", by)
    return total / by


@sd.task
def report(ratio: sd.Depends[float], title: str = "ratio") -> str:
    return f"{title}: {ratio}"


def main() -> None:
    sums = [get_sum(numbers=get_range(limit=n)) for n in (3, 5, 10)]
    sd.build(sums)
    halved = divide(total=sums[2], by=2)
    sd.build(halved)
    failing = divide(total=sums[2], by=0)
    never_runs = report(ratio=failing)
    failed_build = sd.build(never_runs)  # the failure is what the UI must show
    assert failed_build.status == sd.BuildExitStatus.FAILURE, failed_build
    print(
        json.dumps(
            {
                "sum_ids": [task.task_id for task in sums],
                "range_ids": [task.numbers.task_id for task in sums],
                "halved_id": halved.task_id,
                "failed_id": failing.task_id,
                "pending_id": never_runs.task_id,
            }
        )
    )


if __name__ == "__main__":
    main()
