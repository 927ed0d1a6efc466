#!/bin/sh
# Times "linkmatch match --pairs" against the LEMON peer (mcf, built by
# build.sh) on one instance, side by side in one hyperfine run, after
# checking that both find the same optimum; prints each median and the
# ratio linkmatch / LEMON (below 1: linkmatch is faster).
#
#   tools/lemon/compare.sh LINKMATCH PAIRS CARERS [RUNS]
#
# LINKMATCH is a built linkmatch binary (go build -o /tmp/lm ./cmd/linkmatch);
# CARERS may be a scenario's carers.csv or a places file (id, capacity,
# current_links). Needs hyperfine.
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 LINKMATCH PAIRS CARERS [RUNS]" >&2
	exit 2
fi
lm=$1 pairs=$2 carers=$3 runs=${4:-5}
mcf=$(dirname "$0")/mcf
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

# The same optimum: links, and the total score in hundredths.
lmres=$("$lm" match --pairs "$pairs" --carers "$carers" --out "$out/m.csv" --log-format json 2>&1 |
	sed -n 's/.*"linked":\([0-9]*\).*"total_score":\([0-9.]*\).*/\1 \2/p')
mcfres=$("$mcf" "$pairs" "$carers" | sed -n 's/.*linked \([0-9]*\) total_scaled \([0-9]*\).*/\1 \2/p')
echo "linkmatch: links, total score  $lmres"
echo "LEMON:     links, total ×100   $mcfres"
echo "$lmres $mcfres" | awk '{ if ($1 != $3 || sprintf("%.0f", $2 * 100) != $4) { print "different optima"; exit 1 } }'

hyperfine -N --warmup 1 --runs "$runs" --export-csv "$out/t.csv" \
	"$lm match --pairs $pairs --carers $carers --out $out/m.csv --quiet" \
	"$mcf $pairs $carers" >&2
# hyperfine's CSV: command,mean,stddev,median,user,system,min,max
awk -F, 'NR == 2 { lm = $4; lmc = $5 + $6 } NR == 3 { le = $4; lec = $5 + $6 }
	END { printf "median wall: linkmatch %.3f s, LEMON %.3f s, ratio %.2f\n", lm, le, lm / le
	      printf "user+sys CPU: linkmatch %.3f s, LEMON %.3f s, ratio %.2f\n", lmc, lec, lmc / lec }' "$out/t.csv"
