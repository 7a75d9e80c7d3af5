#!/bin/sh
# kyodo large-scenario benchmark: writes a generated scenario (the same
# file for the same arguments), plans it with --time-limit SECONDS and
# reports the wall time of the whole command (loading, solving, writing)
# against the limit, peak memory, and whether `kyodo check` accepts the
# plan. Writes bench/results/large-SHIPMENTS.tsv.
#
#   sh tools/bench_large.sh GEN SHIPMENTS VEHICLES SECONDS  (make bench-large)
set -u
gen=$1 n=$2 veh=$3 secs=$4
KYODO=${KYODO:-./kyodo}
out=${BENCH_OUT:-bench/results}
work=build/bench/large
mkdir -p "$work" "$out" || exit 1
xml=$work/gen-$n-$veh.xml
[ -s "$xml" ] || "$gen" "$n" "$veh" 1 "$xml" || exit 1
dir=$work/gen-$n-$veh.${secs}s
t0=$(date +%s.%N)
"$KYODO" plan "$xml" -o "$dir" --time-limit "$secs" -v >"$dir.log" 2>&1
code=$?
t1=$(date +%s.%N)
if "$KYODO" check "$xml" "$dir" -q >"$dir.check" 2>&1; then
    ok=ok
else
    ok=FAILED
fi
res=$(sed -n 's/^resources: \([0-9.]*\) s solving, \([0-9.]*\) MB.*/\1 \2/p' "$dir.log")
served=$(grep -c '<stop ' "$dir/plan.xml" 2>/dev/null)
un=$(sed -n 's/.*"totals": {.*"unassigned": \([0-9]*\)}.*/\1/p' "$dir/summary.json" 2>/dev/null)
veh_used=$(sed -n 's/.*"totals": {.*"vehicles_used": \([0-9]*\),.*/\1/p' "$dir/summary.json" 2>/dev/null)
wall=$(echo "$t0 $t1" | awk '{ printf "%.2f", $2 - $1 }')
over=$(echo "$wall $secs" | awk '{ printf "%+.2f", $1 - $2 }')
{
    printf 'shipments\tvehicles\ttime_limit_s\twall_s\tover_limit_s\tsolving_s\tmax_rss_mb\tvehicles_used\tunassigned\texit\tcheck\n'
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$veh" "$secs" \
        "$wall" "$over" "${res% *}" "${res#* }" "${veh_used:-NA}" "${un:-NA}" \
        "$code" "$ok"
} >"$out/large-$n.tsv"
cat "$out/large-$n.tsv"
[ "$ok" = ok ] && [ "$code" -le 4 ]
