"""`make bench`: run every bench/bench_*.py in turn. Benchmarks print figures; they assert nothing."""

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    scripts = sorted(HERE.glob("bench_*.py"))
    if len(sys.argv) > 1:
        scripts = [script for script in scripts if any(name in script.stem for name in sys.argv[1:])]
    failed = []
    for script in scripts:
        print(f"\n=== {script.stem} ===", flush=True)
        started = time.monotonic()
        result = subprocess.run([sys.executable, str(script)], cwd=HERE.parent)
        print(f"--- {script.stem}: {time.monotonic() - started:.0f} s", flush=True)
        if result.returncode != 0:
            failed.append(script.stem)
    if failed:
        print(f"\nThese benchmarks could not run to the end: {', '.join(failed)}.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
