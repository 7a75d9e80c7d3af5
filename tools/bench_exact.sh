#!/bin/sh
# kyodo exact benchmark: Solomon instances cut to their first N customers
# (25 and 50, as in the literature), planned with the distance objective;
# reports per instance the status (optimal only when proven), the plan,
# the certified lower bound and its kind, the gap and the seconds, and
# checks every plan with `kyodo check`.
#
#   sh tools/bench_exact.sh N SECONDS [CLASSES]   (make bench-exact)
#
# CLASSES is a regex over instance names (default: all 56). Results go
# to bench/results/exact-N.tsv and exact-N.md. Environment: BENCH_DIR
# (default ../shared/bench), BENCH_OUT (default bench/results), KYODO
# (default ./kyodo). One instance at a time, one thread.
set -u
n=$1 secs=$2 classes=${3:-.}
KYODO=${KYODO:-./kyodo}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
OUT=${BENCH_OUT:-bench/results}
work=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-exact-XXXXXX")
trap 'rm -rf "$work"' EXIT
mkdir -p "$OUT"
tsv=$OUT/exact-$n.tsv
printf 'instance\tcustomers\tstatus\tobjective\tbound\tbound_kind\tgap\tseconds\tcheck\n' >"$tsv.tmp"
for f in "$BENCH_DIR"/solomon/*.txt; do
    name=$(basename "$f" .txt)
    echo "$name" | grep -Eq "$classes" || continue
    # the depot (customer 0) and customers 1..n
    awk -v n="$n" 'started && $1 ~ /^[0-9]+$/ && $1 > n { next }
                   { print } $1 == "CUST" { started = 1 }' "$f" >"$work/$name.txt"
    "$KYODO" import --from solomon "$work/$name.txt" -o "$work/$name.xml" -q ||
        exit 1
    "$KYODO" plan "$work/$name.xml" -o "$work/$name" --objective distance \
        --time-limit "$secs" >"$work/$name.log" 2>&1
    s=$(sed -n 's/.*iterations, \([0-9.]*\) s).*/\1/p' "$work/$name.log")
    j=$work/$name/summary.json
    status=$(sed -n 's/.*"status": "\([a-z-]*\)".*/\1/p' "$j" | head -1)
    obj=$(sed -n 's/.*"objective": \([0-9.]*\),.*/\1/p' "$j" | head -1)
    bound=$(sed -n 's/.*"best_bound": \([0-9.null]*\),.*/\1/p' "$j" | head -1)
    kind=$(sed -n 's/.*"bound_kind": "\([a-z-]*\)".*/\1/p' "$j" | head -1)
    gap=$(sed -n 's/.*"gap": \([0-9.null]*\),.*/\1/p' "$j" | head -1)
    if "$KYODO" check "$work/$name.xml" "$work/$name" -q >/dev/null 2>&1; then
        ok=ok
    else
        ok=FAILED
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" "$status" \
        "$obj" "$bound" "$kind" "$gap" "$s" "$ok" >>"$tsv.tmp"
    printf '%s: %s %s bound %s gap %s %s s %s\n' "$name" "$status" "$obj" \
        "$bound" "$gap" "$s" "$ok"
done
mv "$tsv.tmp" "$tsv"
awk -F'\t' -v n="$n" -v secs="$secs" 'NR == 1 { next }
    { total++; if ($3 == "optimal") { opt++; if ($8 > tmax) tmax = $8 }
      if ($5 != "null") { bounded++; gsum += $7 } if ($9 != "ok") bad++ }
    END { printf "# Solomon, first %d customers, %s s limit\n\n", n, secs
          printf "| instances | proven optimal | slowest proof (s) | with a bound | mean gap %% | check failures |\n"
          printf "|---|---|---|---|---|---|\n"
          printf "| %d | %d | %.2f | %d | %.3f | %d |\n", total, opt, tmax,
                 bounded, bounded ? 100 * gsum / bounded : 0, bad }' \
    "$tsv" >"$OUT/exact-$n.md"
cat "$OUT/exact-$n.md"
