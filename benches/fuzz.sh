#!/usr/bin/env bash
# The longer fuzzing run: the harness of tests/fuzz.rs with many cases per target and a seed
# of your choosing. Usage: benches/fuzz.sh [CASES] [SEED] [TARGET]
# (defaults: 20000 cases, seed 1, every target; TARGET e.g. fuzz_html_import or fuzz_yearbooks)
# A failure prints proptest's minimal failing input; make it a regression test in
# tests/hostile.rs named after its cause.
set -euo pipefail
cd "$(dirname "$0")/.."
cases=${1:-20000}
seed=${2:-1}
target=${3:-}
start=$(date +%s)
GONGWEN_FUZZ_CASES=$cases GONGWEN_FUZZ_SEED=$seed cargo test --test main "fuzz::$target" -- --test-threads=2
echo "fuzz: $cases cases a target, seed $seed, $(( $(date +%s) - start )) s"
