#!/bin/sh
# kyodo benchmark: plans the public instance sets, verifies every plan with
# `kyodo check`, and writes bench/results/ as TSV and a markdown table with
# gaps to the best-known values and the peer engine's figures.
#
#   sh tools/bench.sh SECONDS            (make bench BENCH_SECONDS=10)
#
# SECONDS may be `vroom`: each instance then gets the time VROOM -x 5 -t 1
# took on it (peers/vroom.tsv), for a like-for-like comparison.
#
# Environment:
#   BENCH_SETS    sets to run (default: solomon lilim gh200 lilim1000)
#   BENCH_DIR     instances, BKS.tsv, peers/ (default ../shared/bench)
#   BENCH_JOBS    instances planned at once, one thread each (default 2)
#   BENCH_FILTER  only instances whose name matches this regex
#   BENCH_SEED    --seed for every plan (default 1)
#   BENCH_EXTRA   more options for kyodo plan (ablations)
#   BENCH_TAG     results name suffix (default: the seconds, e.g. 10s)
#   BENCH_OUT     results folder (default bench/results)
#   KYODO         the binary (default ./kyodo)
#
# Objectives follow the best-known tables: Solomon and Gehring & Homberger
# `distance` (fleet at most the file's count); Li & Lim `vehicles,distance`.
# Subsets: Gehring & Homberger-200 instances _1 and _2 of each class (12),
# Li & Lim-1000 the first of each class (6), as the peer file measured.
set -u

if [ "${1:-}" = "--one" ]; then
    # --one SET FILE SECONDS: plan one instance, print one TSV row.
    set_name=$2 file=$3 secs=$4
    name=$(basename "$file" .txt)
    work=${BENCH_WORK}/$set_name
    mkdir -p "$work"
    case $set_name in
    solomon | gh200) fmt=solomon obj=distance ;;
    *) fmt=lilim obj=vehicles,distance ;;
    esac
    if [ "$secs" = vroom ]; then
        case $set_name in
        solomon) ps=solomon ;; lilim) ps=lilim ;;
        gh200) ps=gehring_homberger_200 ;; *) ps=lilim_1000 ;;
        esac
        secs=$(awk -F'\t' -v s="$ps" -v i="$name" \
            '$1 == s && $2 == i && $3 == "-x 5 -t 1" { print $7 }' \
            "$BENCH_DIR/peers/vroom.tsv")
        [ -n "$secs" ] || secs=10
    fi
    xml=$work/$name.xml
    [ -s "$xml" ] || "$KYODO" import --from "$fmt" "$file" -o "$xml" -q || exit 1
    dir=$work/$name.$BENCH_TAG
    rm -rf "$dir"
    # shellcheck disable=SC2086
    "$KYODO" plan "$xml" -o "$dir" --time-limit "$secs" --objective "$obj" \
        --iterations 2000000000 \
        --seed "$BENCH_SEED" -v $BENCH_EXTRA >"$dir.log" 2>&1
    code=$?
    if "$KYODO" check "$xml" "$dir" -q >"$dir.check" 2>&1; then
        ok=ok
    else
        ok=FAILED
    fi
    km=$(sed -n 's/.*"totals": {.*"km": \([0-9.]*\),.*/\1/p' "$dir/summary.json" 2>/dev/null)
    veh=$(sed -n 's/.*"totals": {.*"vehicles_used": \([0-9]*\),.*/\1/p' "$dir/summary.json" 2>/dev/null)
    un=$(sed -n 's/.*"totals": {.*"unassigned": \([0-9]*\)}.*/\1/p' "$dir/summary.json" 2>/dev/null)
    res=$(sed -n 's/^resources: \([0-9.]*\) s solving, \([0-9.]*\) MB.*/\1 \2/p' "$dir.log")
    # Search iterations, and the objective before and after set partitioning.
    it=$(sed -n 's/.*heuristic: \([0-9]*\) iterations, objective [0-9.]* -> \([0-9.]*\).*/\1 \2/p' "$dir.log")
    sp=$(sed -n 's/.*set partitioning: .*objective \([0-9.]*\) .*/\1/p' "$dir.log")
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$set_name" "$name" \
        "$obj" "${veh:-NA}" "${km:-NA}" "${un:-NA}" "$ok" "${res% *}" "${res#* }" \
        "${it% *}" "${it#* }" "${sp:-NA}" | sed "s/\t\t/\tNA\t/g"
    [ "$code" = 0 ] || echo "bench: $name: kyodo plan exited $code" >&2
    exit 0
fi

SECONDS_PER=${1:?usage: tools/bench.sh SECONDS}
BENCH_SETS=${BENCH_SETS:-solomon lilim gh200 lilim1000}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
BENCH_JOBS=${BENCH_JOBS:-2}
BENCH_FILTER=${BENCH_FILTER:-.}
BENCH_SEED=${BENCH_SEED:-1}
BENCH_EXTRA=${BENCH_EXTRA:-}
BENCH_TAG=${BENCH_TAG:-$(echo "$SECONDS_PER" | sed "s/^[0-9.]*$/&s/")}
BENCH_OUT=${BENCH_OUT:-bench/results}
BENCH_WORK=${BENCH_WORK:-build/bench}
KYODO=${KYODO:-./kyodo}
export BENCH_SEED BENCH_EXTRA BENCH_TAG BENCH_WORK BENCH_DIR KYODO

[ -f "$BENCH_DIR/BKS.tsv" ] || {
    echo "bench: no $BENCH_DIR/BKS.tsv (set BENCH_DIR)" >&2
    exit 1
}
mkdir -p "$BENCH_OUT" "$BENCH_WORK"
# Plan with a private copy, so a rebuild during a long run changes nothing.
cp "$KYODO" "$BENCH_WORK/kyodo.$BENCH_TAG" || exit 1
KYODO=$BENCH_WORK/kyodo.$BENCH_TAG
list=$BENCH_WORK/list.$BENCH_TAG
: >"$list"
for s in $BENCH_SETS; do
    case $s in
    solomon) ls "$BENCH_DIR"/solomon/*.txt ;;
    lilim) ls "$BENCH_DIR"/lilim/*.txt ;;
    gh200) ls "$BENCH_DIR"/gehring_homberger_200/*_[12].txt ;;
    lilim1000) ls "$BENCH_DIR"/lilim_1000/*_10_1.txt ;;
    *) echo "bench: unknown set $s" >&2; exit 2 ;;
    esac | grep -E "$BENCH_FILTER" | sed "s|^|$s |" >>"$list"
done
n=$(wc -l <"$list")
echo "bench: $n instances, $SECONDS_PER s each, $BENCH_JOBS at a time" >&2
rows=$BENCH_WORK/rows.$BENCH_TAG.tsv
# shellcheck disable=SC2016
xargs -P "$BENCH_JOBS" -L 1 sh -c 'sh "$0" --one "$1" "$2" "$3"' tools/bench.sh \
    <"$(sed "s|\$| $SECONDS_PER|" "$list" >"$list.args" && echo "$list.args")" \
    | sort >"$rows"

awk -f tools/bench_report.awk -v tag="$BENCH_TAG" -v seconds="$SECONDS_PER" \
    -v tsv="$BENCH_OUT/bench-$BENCH_TAG.tsv" \
    "$BENCH_DIR/BKS.tsv" "$BENCH_DIR/peers/vroom.tsv" "$rows" \
    >"$BENCH_OUT/bench-$BENCH_TAG.md"
echo "bench: wrote $BENCH_OUT/bench-$BENCH_TAG.tsv and .md" >&2
grep -c FAILED "$rows" >/dev/null && {
    echo "bench: some plans failed kyodo check" >&2
    exit 1
}
exit 0
