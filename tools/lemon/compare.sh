#!/bin/sh
# Times "linkmatch match --pairs" against the LEMON peer (mcf, built by
# build.sh) on one instance, after checking that both find the same
# optimum: RUNS rounds, each running linkmatch then LEMON, so that load
# from other work falls on both alike. Prints each program's median wall
# and user+sys CPU time and the ratios linkmatch / LEMON (below 1:
# linkmatch is faster).
#
#   tools/lemon/compare.sh LINKMATCH PAIRS CARERS [RUNS]
#
# LINKMATCH is a built linkmatch binary (go build -o /tmp/lm ./cmd/linkmatch);
# CARERS may be a scenario's carers.csv or a places file (id, capacity,
# current_links). A carers.csv with an availability column is first turned
# into a places file (tools/lemon/places: the places linkmatch gives, no
# more than each carer's offered time holds), which both programs then
# read, so that they solve one problem. Run from the repository's root;
# needs Go and GNU time (/usr/bin/time).
set -eu
if [ $# -lt 3 ]; then
	echo "usage: $0 LINKMATCH PAIRS CARERS [RUNS]" >&2
	exit 2
fi
lm=$1 pairs=$2 carers=$3 runs=${4:-7}
mcf=$(dirname "$0")/mcf
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if head -1 "$carers" | tr -d '\r' | tr ',' '\n' | grep -qx availability; then
	go run ./tools/lemon/places "$carers" >"$out/places.csv"
	carers=$out/places.csv
fi

# The same optimum: links, and the total score in hundredths.
lmres=$("$lm" match --pairs "$pairs" --carers "$carers" --out "$out/m.csv" --log-format json 2>&1 |
	sed -n 's/.*"linked":\([0-9]*\).*"total_score":\([0-9.]*\).*/\1 \2/p')
mcfres=$("$mcf" "$pairs" "$carers" | sed -n 's/.*linked \([0-9]*\) total_scaled \([0-9]*\).*/\1 \2/p')
echo "linkmatch: $lmres (links, total score)"
echo "LEMON:     $mcfres (links, total score × 100)"
echo "$lmres $mcfres" | awk '{ if ($1 != $3 || sprintf("%.0f", $2 * 100) != $4) { print "different optima"; exit 1 } }'

i=0
while [ "$i" -lt "$runs" ]; do
	/usr/bin/time -f "%e %U %S" -a -o "$out/lm" "$lm" match --pairs "$pairs" --carers "$carers" --out "$out/m.csv" --quiet
	/usr/bin/time -f "%e %U %S" -a -o "$out/mcf" "$mcf" "$pairs" "$carers" >/dev/null
	i=$((i + 1))
done
median() { # column of file: the median of the runs
	awk -v c="$2" '{ print (c == 1 ? $1 : $2 + $3) }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'
}
lw=$(median "$out/lm" 1) mw=$(median "$out/mcf" 1) lc=$(median "$out/lm" 2) mc=$(median "$out/mcf" 2)
echo "$lw $mw $lc $mc $runs" | awk '{
	printf "median wall of %d rounds: linkmatch %.2f s, LEMON %.2f s, ratio %.2f\n", $5, $1, $2, $1 / $2
	printf "median user+sys CPU:     linkmatch %.2f s, LEMON %.2f s, ratio %.2f\n", $3, $4, $3 / $4 }'
