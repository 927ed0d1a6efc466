#!/bin/sh
# generate-run.sh: issue 12's acceptance run. For seeds 1 to 20, generate a
# synthetic scenario of 100 children and 300 carers and run the whole
# pipeline on it; print each seed's plan-warning summary and fail if any run
# fails. Usage: tools/generate-run.sh [WORKDIR]  (default: a temporary folder)
set -u
work=${1:-$(mktemp -d)}
bin="$work/linkmatch"
go build -o "$bin" ./cmd/linkmatch || exit 1
failed=0
for s in $(seq 1 20); do
  d="$work/seed-$s"; o="$work/seed-$s-out"
  rm -rf "$d" "$o"
  if ! "$bin" generate --children 100 --carers 300 --seed "$s" --out "$d" --quiet >/dev/null 2>&1; then
    echo "seed $s: generate failed"; failed=1; continue
  fi
  if "$bin" run "$d" --out "$o" --quiet >"$work/seed-$s.log" 2>&1; then
    echo "seed $s: ok, $(grep 'plan warnings' "$work/seed-$s.log" | sed 's/^ *//')"
  else
    echo "seed $s: FAILED: $(tail -1 "$work/seed-$s.log")"; failed=1
  fi
done
exit $failed
