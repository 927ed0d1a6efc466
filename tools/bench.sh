#!/bin/sh
# Benchmarks anyone can rerun (issue 15): generates the three scenarios of
# the README's performance table, times "linkmatch run" on each (whole
# process: wall, user+sys CPU, maximum resident memory), and times
# "linkmatch match --pairs" against the LEMON peer (tools/lemon) on the
# national and scarce scenarios' pairs, side by side with hyperfine, after
# checking that both find the same optimum. Prints medians and ratios.
#
#   tools/bench.sh [DIR [RUNS]]
#
# DIR (default /tmp/linkmatch-bench) keeps the scenarios between runs, so
# only the first run generates them; RUNS (default 5) is how many times
# each command runs. Needs Go, ../shared/data (the ONS boundaries), GNU
# time (/usr/bin/time) and hyperfine; the LEMON comparison also needs
# tools/lemon/mcf (tools/lemon/build.sh, after apt-get install
# liblemon-dev), or its path in $MCF, and is left out without it. Run it
# from the repository's root on an otherwise idle machine: other work
# slows both sides, but not always alike.
set -eu
dir=${1:-/tmp/linkmatch-bench} runs=${2:-5}
boundaries=../shared/data/england_ctyua_2023_bsc.geojson
centroids=../shared/data/england_msoa21_centroids.csv
mcf=${MCF:-tools/lemon/mcf}
[ -f "$boundaries" ] || { echo "$0: $boundaries not found: run from the repository's root beside ../shared" >&2; exit 2; }
mkdir -p "$dir"
lm=$dir/linkmatch
go build -o "$lm" ./cmd/linkmatch

# The scenarios. national: 7,000 children in residential homes and 45,000
# carers over England; scarce: the same children and 3,500 carers, so that
# some areas have too few places; regional: 500 children and 1,500 carers
# around the South West's MSOA centre points.
gen() { # name, then generate's flags
	name=$1
	shift
	[ -f "$dir/$name/scenario.toml" ] || "$lm" generate "$@" --boundaries "$boundaries" --out "$dir/$name" --quiet
}
gen national --children 7000 --carers 45000 --seed 1
gen scarce --children 7000 --carers 3500 --seed 1
if [ ! -f "$dir/south-west.csv" ]; then
	tr -d '\r' <"$centroids" |
		grep -E '^msoa21_code|,(Cornwall|Isles of Scilly|Devon|Plymouth|Torbay|Somerset|North Somerset|Bath and North East Somerset|Dorset|Wiltshire|Swindon|Gloucestershire|South Gloucestershire),(true|false)$' \
			>"$dir/south-west.csv"
fi
gen regional --children 500 --carers 1500 --seed 1 --centroids "$dir/south-west.csv"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }

echo "linkmatch run, whole process, median of $runs (wall s, user+sys s, max RSS MB):"
for name in regional national scarce; do
	: >"$dir/$name.times"
	i=0
	while [ "$i" -lt "$runs" ]; do
		/usr/bin/time -f "%e %U %S %M" -a -o "$dir/$name.times" "$lm" run "$dir/$name" --out "$dir/$name-out" --quiet >/dev/null
		i=$((i + 1))
	done
	wall=$(awk '{ print $1 }' "$dir/$name.times" | median)
	cpu=$(awk '{ print $2 + $3 }' "$dir/$name.times" | median)
	rss=$(awk '{ print $4 / 1024 }' "$dir/$name.times" | median)
	printf '  %-9s %6.2f s  %6.2f s  %6.0f MB  (timings.json: %s)\n' "$name" "$wall" "$cpu" "$rss" \
		"$(tr -d ' \n' <"$dir/$name-out/timings.json" | sed 's/.*timings_seconds"://; s/}}$/}/')"
done

if [ ! -x "$mcf" ]; then
	echo "no LEMON peer at $mcf (tools/lemon/build.sh builds it): comparison left out"
	exit 0
fi
echo "linkmatch match --pairs against LEMON NetworkSimplex, hyperfine, $runs runs each:"
for name in national scarce; do
	pairs=$dir/$name/pairs.csv carers=$dir/$name/carers.csv
	[ -f "$pairs" ] || "$lm" score "$dir/$name" --out "$pairs" --quiet
	# The same optimum: links, and the total score in hundredths.
	lmres=$("$lm" match --pairs "$pairs" --carers "$carers" --out "$dir/$name.m.csv" --log-format json 2>&1 |
		sed -n 's/.*"linked":\([0-9]*\).*"total_score":\([0-9.]*\).*/\1 \2/p')
	mcfres=$("$mcf" "$pairs" "$carers" | sed -n 's/.*linked \([0-9]*\) total_scaled \([0-9]*\).*/\1 \2/p')
	echo "$lmres $mcfres" | awk -v n="$name" '{
		if ($1 != $3 || sprintf("%.0f", $2 * 100) != $4) { printf "  %s: different optima: linkmatch %s, LEMON %s\n", n, $1 " " $2, $3 " " $4; exit 1 }
		printf "  %s: same optimum, %d links, total score %s\n", n, $1, $2 }'
	hyperfine -N --style none --runs "$runs" --export-csv "$dir/$name.hyperfine.csv" \
		"$lm match --pairs $pairs --carers $carers --out $dir/$name.m.csv --quiet" "$mcf $pairs $carers" >/dev/null
	# command,mean,stddev,median,user,system,min,max
	awk -F, -v n="$name" 'NR == 2 { lw = $4; lc = $5 + $6 } NR == 3 { mw = $4; mc = $5 + $6 }
		END { printf "  %s: median wall linkmatch %.2f s, LEMON %.2f s, ratio %.2f; mean user+sys %.2f s, %.2f s, ratio %.2f\n", n, lw, mw, lw / mw, lc, mc, lc / mc }' \
		"$dir/$name.hyperfine.csv"
done
