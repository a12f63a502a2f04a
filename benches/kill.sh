#!/usr/bin/env bash
# Kills builds at random moments and checks what they leave: after each kill, and after the
# next run of gongwen on the folder (a build that fails on its input, so that it writes
# nothing itself), the folder must hold the previous pair or the new pair — never one of
# each — and no temporary file. Usage: benches/kill.sh [KILLS_PER_SIGNAL] [BINARY]
# (defaults: 200, target/debug/gongwen). Prints the figures per signal; exits 1 on a failure.
set -euo pipefail
set -m   # job control: a background build does not ignore SIGINT
cd "$(dirname "$0")/.."
kills=${1:-200}
bin=$(realpath "${2:-target/debug/gongwen}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/a" "$work/b"
printf '[report]\ntitle = "测试报告"\noffice = "测试办公室"\n\n[opening]\ntext = "正文。"\n' > "$work/a/r.toml"
sed 's/正文。/新的正文。/' "$work/a/r.toml" > "$work/b/r.toml"
printf '[report\n' > "$work/broken.toml"
"$bin" build -q --no-system-fonts "$work/a/r.toml" -o "$work/a/out"
"$bin" build -q --no-system-fonts "$work/b/r.toml" -o "$work/b/out"
pair() { cat "$1/r.pdf" "$1/r.docx" 2>/dev/null | sha256sum | cut -c1-16; }
A=$(pair "$work/a/out"); B=$(pair "$work/b/out")
# How long a build takes, to spread the kills over it (and a little past it).
t0=$(date +%s%N); "$bin" build -q --no-system-fonts "$work/b/r.toml" -o "$work/t" ; t1=$(date +%s%N)
span=$(( (t1 - t0) / 1000 * 12 / 10 ))   # microseconds
failed=0
for sig in INT TERM KILL; do
  old=0 new=0 finished=0 pending=0 bad=0
  for i in $(seq "$kills"); do
    out="$work/out"
    rm -rf "$out"; mkdir -p "$out"; cp "$work/a/out/r.pdf" "$work/a/out/r.docx" "$out/"
    "$bin" build -q --no-system-fonts "$work/b/r.toml" -o "$out" 2>/dev/null &
    pid=$!
    sleep "$(awk -v s="$span" -v r="$RANDOM$RANDOM" 'BEGIN{srand(r); printf "%.6f", rand()*s/1e6}')"
    kill -"$sig" "$pid" 2>/dev/null || finished=$((finished + 1))
    wait "$pid" 2>/dev/null || true
    # Right after the kill: a matching pair, or a commit record for the next run to replay.
    now=$(pair "$out")
    if [ "$now" != "$A" ] && [ "$now" != "$B" ]; then
      if [ -e "$out/.gongwen-commit" ]; then pending=$((pending + 1)); else bad=$((bad + 1)); echo "$sig #$i: mismatched pair, no record" >&2; fi
    fi
    "$bin" build -q "$work/broken.toml" -o "$out" >/dev/null 2>&1 || true
    now=$(pair "$out")
    left=$(find "$out" -name '.gongwen-*' | wc -l)
    if [ "$now" = "$A" ]; then old=$((old + 1)); elif [ "$now" = "$B" ]; then new=$((new + 1)); else bad=$((bad + 1)); echo "$sig #$i: mismatched pair after the next run" >&2; fi
    if [ "$left" != 0 ]; then bad=$((bad + 1)); echo "$sig #$i: $left temporaries after the next run" >&2; fi
  done
  echo "SIG$sig: $kills kills, $old left the previous pair, $new the new pair ($finished had finished), $pending mid-commit replayed by the next run, $bad failures"
  [ "$bad" = 0 ] || failed=1
done
exit $failed
