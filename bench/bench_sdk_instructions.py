"""Instructions per task of ``sd.build``, counted by callgrind: a figure that does
not move with machine load, for comparing two versions of the SDK in one run.

    uv run python bench/bench_sdk_instructions.py [--size 2000] [--registry noop fs]
        [--baseline-src /path/to/other/checkout/lib/stardag-sdk/src]

Builds the same binary tree of no-op tasks as ``bench_sdk_build.py`` under
``valgrind --tool=callgrind`` twice per version: once with zero builds and once
with one, so the difference is the build alone (imports and interpreter start
cancel out; both runs first build a 3-task tree, so what the first build
imports is not counted either). Prints instructions per task for this checkout and, with
``--baseline-src``, for the other one and the ratio. Needs valgrind (Debian's
package); each measurement takes about a minute at 2,000 tasks.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE_SRC = Path(__file__).resolve().parents[1] / "lib" / "stardag-sdk" / "src"

# Works with this SDK and with older ones whose base class was ``sd.Task``.
BUILD_SCRIPT = """
import sys, tempfile
import stardag as sd
from stardag.registry import FileSystemRegistry, NoOpRegistry

Base = getattr(sd, "BaseTask", None) or sd.Task
done = set()


class BenchNode(Base):
    index: int
    size: int

    def requires(self):
        children = (2 * self.index + 1, 2 * self.index + 2)
        return [BenchNode(index=i, size=self.size) for i in children if i < self.size]

    def complete(self):
        return self.index in done

    def run(self):
        done.add(self.index)


size, kind, builds = int(sys.argv[1]), sys.argv[2], int(sys.argv[3])
# A small build first, in every run: what the first build imports and caches is
# paid here, so the difference between runs is the measured build alone.
sd.build(BenchNode(index=0, size=3), registry=NoOpRegistry() if kind == "noop"
         else FileSystemRegistry(tempfile.mkdtemp()))
for _ in range(builds):
    done.clear()
    registry = NoOpRegistry() if kind == "noop" else FileSystemRegistry(tempfile.mkdtemp())
    sd.build(BenchNode(index=0, size=size), registry=registry)
"""


def instructions(src: Path, size: int, kind: str, builds: int, script: Path) -> int:
    with tempfile.TemporaryDirectory(prefix="stardag-callgrind-") as scratch:
        env = {
            **os.environ,
            "PYTHONPATH": str(src),
            "STARDAG_HOME": scratch,
            "STARDAG_REGISTRY": "noop",
        }
        out = Path(scratch) / "callgrind.out"
        result = subprocess.run(
            [
                "valgrind",
                "--tool=callgrind",
                f"--callgrind-out-file={out}",
                sys.executable,
                str(script),
                str(size),
                kind,
                str(builds),
            ],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
    match = re.search(r"Collected : (\d+)", result.stderr)
    if match is None:
        raise SystemExit(f"callgrind printed no total:\n{result.stderr[-2000:]}")
    return int(match.group(1))


def per_task(src: Path, size: int, kind: str, script: Path) -> float:
    one_build = instructions(src, size, kind, 1, script)
    return (one_build - instructions(src, size, kind, 0, script)) / size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=2000, help="tasks in the tree (default 2000)")
    parser.add_argument("--registry", nargs="+", default=["noop", "fs"], choices=["noop", "fs"])
    parser.add_argument("--baseline-src", type=Path, help="another checkout's lib/stardag-sdk/src")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        raise SystemExit("valgrind is not installed (apt-get install valgrind)")
    with tempfile.TemporaryDirectory() as folder:
        script = Path(folder) / "build_tree.py"
        script.write_text(BUILD_SCRIPT)
        for kind in args.registry:
            here = per_task(HERE_SRC, args.size, kind, script)
            line = f"{kind:>4} registry, {args.size} tasks: {here / 1000:8.1f} k instructions/task"
            if args.baseline_src is not None:
                base = per_task(args.baseline_src, args.size, kind, script)
                line += f"  (baseline {base / 1000:.1f} k, ratio {here / base:.3f})"
            print(line, flush=True)


if __name__ == "__main__":
    main()
