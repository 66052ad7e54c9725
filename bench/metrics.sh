#!/usr/bin/env bash
# Cross-tool network metric benchmark (issue 4 item 8; see bench/README.md): identical generated
# inputs fed to polylead, python-igraph and networkx, one process per tool × size × metric, time
# (inside the process, around the computation only) and peak RSS (/usr/bin/time -f %M, whole
# process) of each; then bench/compare.py checks the values agree and prints the table.
#   bench/metrics.sh            # all sizes: 2k/20k, 10k/100k, 100k/1M
#   SIZES="2k" bench/metrics.sh # a quick subset
#   METRICS="reciprocity betweenness" TOOLS="polylead igraph" SIZES="2k 10k" bench/metrics.sh
#   SKIP="networkx:10k:betweenness" bench/metrics.sh   # leave out tool:size:metric triples
# Environment: K (people removed for fragmentation, default 10), CAP (seconds allowed per process,
# default 1800), OUT (results file, default target/bench-data/results.jsonl), SKIP (see above).
# Every process gets one BLAS/OpenMP thread (numpy included); only the `_2t` rows use two. The load
# average before and after the run is written next to the results (`.load`): others share the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-target}
venv=target/oracle-venv
data=target/bench-data
k=${K:-10}
cap=${CAP:-1800}
out=${OUT:-$data/results.jsonl}
sizes=${SIZES:-"2k 10k 100k"}
skips=" ${SKIP:-} "
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MKL_NUM_THREADS=1

if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install networkx==3.6.1 igraph==1.0.0 numpy==2.4.6
fi
py=$venv/bin/python
cargo build --release -p polylead-core --example metrics_bench
polylead=$CARGO_TARGET_DIR/release/examples/metrics_bench

declare -A nodes=([2k]=2000 [10k]=10000 [100k]=100000)
declare -A ties=([2k]=20000 [10k]=100000 [100k]=1000000)
for size in $sizes; do
  [ -f "$data/$size/edges.csv" ] || "$py" bench/generate.py "$data/$size" "${nodes[$size]}" "${ties[$size]}" 1
done

mkdir -p "$data"
: >"$out"
echo "before: $(uptime)" >"$out.load"
skip() { # tool size metric reason
  printf '{"tool":"%s","size":"%s","metric":"%s","skipped":"%s"}\n' "$1" "$2" "$3" "$4" >>"$out"
}
measure() { # tool size metric command…
  local tool=$1 size=$2 metric=$3; shift 3
  local mem; mem=$(mktemp)
  echo "-- $tool $size $metric" >&2
  if timeout "$cap" /usr/bin/time -f %M -o "$mem" "$@" >>"$out"; then
    printf '{"tool":"%s","size":"%s","metric":"%s","peak_kib":%s}\n' "$tool" "$size" "$metric" "$(tail -n 1 "$mem")" >>"$out"
  else
    skip "$tool" "$size" "$metric" "failed or over the ${cap} s cap"
  fi
  rm -f "$mem"
}

metrics=${METRICS:-"degree reciprocity ei fragmentation gini n_eff betweenness"}
tools=${TOOLS:-"polylead igraph networkx"}
for size in $sizes; do
  dir=$data/$size
  for metric in $metrics; do
    if [ "$metric" = betweenness ] && [ "$size" = 100k ]; then
      for tool in $tools; do
        skip $tool $size betweenness "exact is n·m = 1e11 steps, 100x the 10k row: about 10 minutes for polylead and half an hour for igraph on an idle machine, about 20 hours for networkx; see betweenness_sampled"
      done
      continue
    fi
    for tool in $tools; do
      if [[ "$skips" == *" $tool:$size:$metric "* ]]; then
        skip "$tool" "$size" "$metric" "left out of this run (SKIP)"
        continue
      fi
      case $tool in
        polylead) measure polylead "$size" "$metric" "$polylead" "$dir" "$metric" "$k" ;;
        *) measure "$tool" "$size" "$metric" "$py" bench/metrics_bench.py "$tool" "$dir" "$metric" "$k" ;;
      esac
    done
  done
  # polylead only: exact betweenness on two threads, and the sampled path (256 pivots).
  [[ " $metrics " == *" betweenness "* ]] || continue
  [ "$size" = 100k ] || measure polylead "$size" betweenness_2t "$polylead" "$dir" betweenness_2t "$k"
  measure polylead "$size" betweenness_sampled "$polylead" "$dir" betweenness_sampled "$k"
done

echo "after: $(uptime)" >>"$out.load"
cat "$out.load" >&2
"$py" bench/compare.py "$out"
