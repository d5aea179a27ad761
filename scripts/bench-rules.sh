#!/usr/bin/env bash
# Benchmark (not a test) of the rules engine natively: full-application checks per second, and
# `prequal validate` / `prequal check` throughput on large inputs. Prints numbers; record them
# with this command in BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q -p prequal-cli
cargo run --release -q -p prequal-rules --example bench_check

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# A million INN-like lines: valid, invalid and malformed mixed.
python3 - "$work/inn.txt" <<'PY'
import random, sys
random.seed(1)
w11 = [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
w12 = [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8]
with open(sys.argv[1], "w") as f:
    for i in range(1_000_000):
        d = [random.randrange(10) for _ in range(10)]
        d.append(sum(a * b for a, b in zip(w11, d)) % 11 % 10)
        d.append(sum(a * b for a, b in zip(w12, d)) % 11 % 10)
        s = "".join(map(str, d))
        if i % 3 == 1:
            s = s[:-1] + str((int(s[-1]) + 1) % 10)
        elif i % 3 == 2:
            s = s[:4] + " " + s[4:8] + "-" + s[8:]
        f.write(s + "\n")
PY
start=$(date +%s.%N)
target/release/prequal validate inn < "$work/inn.txt" > "$work/out.jsonl"
end=$(date +%s.%N)
lines=$(wc -l < "$work/out.jsonl")
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); n=int(sys.argv[3]); print(f'prequal validate inn: {n} lines in {s:.2f} s = {n/s:,.0f} lines/s')" "$start" "$end" "$lines"

# 100 000 applications through `prequal check` (JSON Lines in and out).
tr -d '\n' < schemas/examples/application.json > "$work/one.json"; echo >> "$work/one.json"
python3 - "$work/one.json" "$work/apps.jsonl" <<'PY'
import sys
line = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(line * 100_000)
PY
start=$(date +%s.%N)
target/release/prequal check --today 2026-11-24 < "$work/apps.jsonl" > "$work/verdicts.jsonl"
end=$(date +%s.%N)
python3 -c "import sys; s=float(sys.argv[2])-float(sys.argv[1]); print(f'prequal check: 100000 applications in {s:.2f} s = {100000/s:,.0f} applications/s')" "$start" "$end"
