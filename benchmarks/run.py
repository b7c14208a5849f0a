"""Run the benchmarks and print a table of measured figures.

    python benchmarks/run.py [--json FILE] [--only WORD] [--runs N]

Each ``benchmarks/bench_*.py`` module has ``rows(ctx)`` returning rows
``{"name", "value", "unit", "target"}`` (target: the upper bound the value
must stay under, or null). The generated database (``coachtui generate
--people 50 --years 5``) is made once and cached in ``benchmarks/.cache``.
"""

from __future__ import annotations

import argparse
import importlib
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from harness import Context  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the rows as JSON")
    parser.add_argument("--only", metavar="WORD", help="run modules whose name contains WORD")
    parser.add_argument("--runs", type=int, default=5, help="repetitions for timed measures")
    args = parser.parse_args()

    ctx = Context(runs=args.runs)
    results: list[dict] = []
    for path in sorted(HERE.glob("bench_*.py")):
        if args.only and args.only not in path.stem:
            continue
        module = importlib.import_module(path.stem)
        print(f"running {path.stem} ...", file=sys.stderr, flush=True)
        results.extend(module.rows(ctx))

    width = max(len(r["name"]) for r in results) if results else 10
    print(f"{'benchmark':<{width}}  {'value':>10}  {'unit':<4}  {'target':>8}  ok")
    failed = 0
    for r in results:
        target = "" if r["target"] is None else f"< {r['target']}"
        ok = r["target"] is None or r["value"] < r["target"]
        failed += not ok
        print(
            f"{r['name']:<{width}}  {r['value']:>10.2f}  {r['unit']:<4}  {target:>8}  "
            f"{'yes' if ok else 'NO'}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
