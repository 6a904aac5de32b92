#!/usr/bin/env bash
# Fuzz smoke run for CI: 15 s on the query APIs, 15 s on the JSON APIs (30 s in all).
# Uses atheris (coverage-guided) when it is installed, else the plain random-mutation loop.
# New inputs go to a temporary directory; the seed corpus in tests/fuzz/corpus/ is not changed.
# Exit status is non-zero on the first input that breaks the contract (it is printed).
set -euo pipefail
cd "$(dirname "$0")"
ROOT="$(cd ../.. && pwd)"
PYTHON="${PYTHON:-$( [ -x "$ROOT/.venv/bin/python" ] && echo "$ROOT/.venv/bin/python" || echo python3 )}"
SECONDS_EACH="${FUZZ_SECONDS:-15}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

for target in query payload; do
    mkdir -p "$WORK/$target"
    if "$PYTHON" -c "import atheris" 2>/dev/null; then
        echo "== atheris: fuzz_$target.py for ${SECONDS_EACH}s"
        status=0
        "$PYTHON" "fuzz_$target.py" "$WORK/$target" "corpus/$target" \
            -max_total_time="$SECONDS_EACH" -timeout=5 -rss_limit_mb=4096 \
            -print_final_stats=1 >"$WORK/$target.log" 2>&1 || status=$?
        if [ "$status" -ne 0 ]; then
            cat "$WORK/$target.log"
            exit "$status"
        fi
        grep -E "INITED|DONE|exec_per_sec|new_units" "$WORK/$target.log"
    else
        echo "== atheris not installed: plain mutation loop, fuzz_$target.py for ${SECONDS_EACH}s"
        "$PYTHON" "fuzz_$target.py" --plain --seconds "$SECONDS_EACH"
    fi
done
