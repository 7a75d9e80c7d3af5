#!/bin/sh
# End-to-end tests of the kyodo command: exit codes, messages, outputs,
# nothing left behind on failure, and `kyodo check` on every plan made here.
#
#   sh tests/cli.sh path/to/kyodo [path/to/failio.so]
#
# Run from the repository root. Prints one line per failed assertion and a
# summary; exits non-zero when anything failed.
set -u
KYODO=${1:-build/release/kyodo}
FAILIO=${2:-}
T=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-cli-XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
count=0

fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

# expect CODE COMMAND...: runs the command, stdout to $T/out, stderr to
# $T/err, and checks its exit code.
expect() {
    want=$1
    shift
    count=$((count + 1))
    "$@" >"$T/out" 2>"$T/err"
    got=$?
    if [ "$got" != "$want" ]; then
        fail "exit $got (wanted $want): $*"
        sed 's/^/    /' "$T/err" | head -5
    fi
}

contains() { # FILE TEXT
    count=$((count + 1))
    grep -q -- "$2" "$1" || fail "$1 lacks '$2'"
}

absent() { # PATH...
    for p in "$@"; do
        count=$((count + 1))
        [ ! -e "$p" ] || fail "$p should not exist"
    done
}

no_temporaries() { # DIR
    count=$((count + 1))
    if [ -d "$1" ] && ls "$1" | grep -q 'tmp-'; then
        fail "temporary files left in $1: $(ls "$1")"
    fi
}

# ---- basics ------------------------------------------------------------

expect 0 "$KYODO" --version
contains "$T/out" "kyodo "
expect 0 "$KYODO" help
contains "$T/out" "exit codes"
expect 2 "$KYODO"
contains "$T/err" "no command"
expect 2 "$KYODO" frobnicate
contains "$T/err" "unknown command 'frobnicate'"
expect 2 "$KYODO" plan samples/small.xml
contains "$T/err" "needs -o"
expect 2 "$KYODO" plan samples/small.xml -o "$T/x" --time-limit abc
contains "$T/err" "time-limit"
expect 2 "$KYODO" plan samples/small.xml -o "$T/x" --objective speed
expect 2 "$KYODO" plan samples/small.xml -o "$T/x" --bogus
absent "$T/x"

# ---- validate ------------------------------------------------------------

expect 0 "$KYODO" validate samples/small.xml samples/enshu-cluster.xml
contains "$T/out" "samples/small.xml: valid"
expect 3 "$KYODO" validate samples/errors.xml
count=$((count + 1))
if ! diff tests/data/errors.expected "$T/err" >"$T/diff"; then
    fail "validate samples/errors.xml differs from tests/data/errors.expected"
    head -10 "$T/diff"
fi
expect 6 "$KYODO" validate "$T/missing.xml"
contains "$T/err" "missing.xml"

# ---- plan: the small sample is proven optimal ------------------------------

expect 0 "$KYODO" plan samples/small.xml -o "$T/small"
contains "$T/out" "optimal"
contains "$T/small/summary.json" '"status": "optimal"'
contains "$T/small/summary.json" '"gap": 0'
for f in plan.xml stops.csv summary.json; do
    count=$((count + 1))
    [ -s "$T/small/$f" ] || fail "plan did not write $f"
done
no_temporaries "$T/small"
expect 0 "$KYODO" check samples/small.xml "$T/small"
contains "$T/out" "check: OK"
if command -v xmllint >/dev/null 2>&1; then
    expect 0 xmllint --noout --schema models/plan.xsd "$T/small/plan.xml"
fi
head -1 "$T/small/stops.csv" >"$T/header"
contains "$T/header" "vehicle,seq,kind,shipment,location,arrival,start,departure,load"
# chosen by size: the exact method (column generation) proves it
contains "$T/small/summary.json" '"method": "exact"'
contains "$T/small/summary.json" '"bound_kind": "elementary"'
# the compact MILP reaches the same objective and says it is the one
expect 0 "$KYODO" plan samples/small.xml -o "$T/compact" --compact
contains "$T/compact/summary.json" '"method": "compact"'
contains "$T/compact/summary.json" '"bound_kind": "compact-milp"'
contains "$T/compact/summary.json" '"status": "optimal"'
obj1=$(sed -n 's/.*"objective": \([0-9.]*\),.*/\1/p' "$T/small/summary.json")
obj2=$(sed -n 's/.*"objective": \([0-9.]*\),.*/\1/p' "$T/compact/summary.json")
count=$((count + 1))
[ -n "$obj1" ] && [ "$obj1" = "$obj2" ] ||
    fail "exact ($obj1) and compact ($obj2) differ on the small sample"
expect 0 "$KYODO" check samples/small.xml "$T/compact"

# glpsol reaches the same optimum on the exported model and on the GMPL
# version fed by the exported data.
expect 0 "$KYODO" export-model samples/small.xml --lp "$T/small.lp" \
    --mps "$T/small.mps" --gmpl-data "$T/small.dat"
obj=$(sed -n 's/.*"objective": \([0-9.]*\),.*/\1/p' "$T/small/summary.json")
if command -v glpsol >/dev/null 2>&1; then
    glpsol --lp "$T/small.lp" -o "$T/lp.out" >/dev/null 2>&1
    lp=$(sed -n 's/^Objective: *cost = \([0-9.e+-]*\).*/\1/p' "$T/lp.out")
    glpsol -m models/pdptw.mod -d "$T/small.dat" >"$T/gmpl.out" 2>&1
    gm=$(sed -n 's/^kyodo-gmpl objective \([0-9.]*\)/\1/p' "$T/gmpl.out")
    glpsol --freemps "$T/small.mps" -o "$T/mps.out" >/dev/null 2>&1
    mps=$(sed -n 's/^Objective: *[A-Za-z0-9_]* = \([0-9.e+-]*\).*/\1/p' "$T/mps.out")
    for v in "$lp" "$gm" "$mps"; do
        count=$((count + 1))
        awk -v a="$v" -v b="$obj" 'BEGIN { d = a - b; if (d < 0) d = -d;
            exit !(a != "" && d <= 1e-3 * (1 + b)) }' ||
            fail "glpsol objective '$v' differs from kyodo's $obj"
    done
fi

# ---- plan: the main sample -----------------------------------------------------

expect 0 "$KYODO" plan samples/enshu-cluster.xml -o "$T/day" --iterations 3000
contains "$T/out" "served"
expect 0 "$KYODO" check samples/enshu-cluster.xml "$T/day"

# Same input, options and seed: the same bytes.
expect 0 "$KYODO" plan samples/enshu-cluster.xml -o "$T/day2" --iterations 3000
for f in plan.xml stops.csv summary.json; do
    count=$((count + 1))
    cmp -s "$T/day/$f" "$T/day2/$f" || fail "$f differs between equal runs"
done

# Cross-dock transfers: the main sample's plan changes trucks at the
# center, and check verifies it; forbidding transfers removes them.
contains "$T/day/stops.csv" ",unload,"
contains "$T/day/stops.csv" ",load,"
contains "$T/day/summary.json" '"transfers": '
expect 0 "$KYODO" plan samples/enshu-cluster.xml -o "$T/day0" \
    --iterations 1000 --no-transfers
expect 0 "$KYODO" check samples/enshu-cluster.xml "$T/day0"
count=$((count + 1))
grep -q ',unload,\|,load,' "$T/day0/stops.csv" &&
    fail "--no-transfers still transfers"
cp -r "$T/day" "$T/broken0"
# Take one load stop out of plan.xml: a transfer without its second leg.
awk '/kind="load"/ && !done { done = 1; next } { print }' \
    "$T/day/plan.xml" >"$T/broken0/plan.xml"
expect 5 "$KYODO" check samples/enshu-cluster.xml "$T/broken0"

# ---- check rejects hand-broken plans -----------------------------------------

cp -r "$T/day" "$T/broken1"
# Shift one arrival in stops.csv: the CSV no longer matches plan.xml.
awk -F, 'NR == 3 { $6 = $6 + 5 } { print }' OFS=, "$T/day/stops.csv" \
    >"$T/broken1/stops.csv"
expect 5 "$KYODO" check samples/enshu-cluster.xml "$T/broken1"
contains "$T/err" "stops.csv:3"

cp -r "$T/day" "$T/broken2"
# Drop a delivery stop from plan.xml: coverage and times break.
awk '/kind="delivery"/ && !done { done = 1; next } { print }' \
    "$T/day/plan.xml" >"$T/broken2/plan.xml"
expect 5 "$KYODO" check samples/enshu-cluster.xml "$T/broken2"
contains "$T/err" "violations"

cp -r "$T/small" "$T/broken3"
# Claim a lower cost than the routes have.
sed 's/<totals cost="[0-9.]*"/<totals cost="1"/' "$T/small/plan.xml" \
    >"$T/broken3/plan.xml"
expect 5 "$KYODO" check samples/small.xml "$T/broken3"
contains "$T/err" "totals: cost"

expect 6 "$KYODO" check samples/small.xml "$T/nowhere"

# ---- bad input writes nothing --------------------------------------------------

expect 3 "$KYODO" plan samples/errors.xml -o "$T/bad"
absent "$T/bad"
printf '<scenario xmlns="urn:kyodo:scenario:1"><dimensions>' >"$T/trunc.xml"
expect 3 "$KYODO" plan "$T/trunc.xml" -o "$T/bad"
contains "$T/err" "trunc.xml:1"
absent "$T/bad"
expect 6 "$KYODO" plan "$T/missing.xml" -o "$T/bad"
absent "$T/bad"

# An output folder that cannot be made: nothing written, a clear message.
: >"$T/afile"
expect 6 "$KYODO" plan samples/small.xml -o "$T/afile"
contains "$T/err" "not a folder"
expect 6 "$KYODO" plan samples/small.xml -o "$T/afile/sub"
contains "$T/err" "afile/sub"

# A write that fails at the last moment (fsync): no file appears.
if [ -n "$FAILIO" ] && [ -f "$FAILIO" ]; then
    mkdir "$T/full"
    expect 6 env LD_PRELOAD="$FAILIO" KY_FAIL_FSYNC=1 \
        "$KYODO" plan samples/small.xml -o "$T/full"
    contains "$T/err" "cannot write"
    absent "$T/full/plan.xml" "$T/full/stops.csv" "$T/full/summary.json"
    no_temporaries "$T/full"
    # And an existing plan is left untouched.
    expect 6 env LD_PRELOAD="$FAILIO" KY_FAIL_FSYNC=1 \
        "$KYODO" plan samples/small.xml -o "$T/small"
    expect 0 "$KYODO" check samples/small.xml "$T/small"
fi

# ---- unassigned shipments: exit 4, with a proven reason ---------------------

# dr-02 must now be delivered after every vehicle's shift has ended.
sed 's/window="11:00-17:00"/window="21:00-22:00"/' samples/small.xml \
    >"$T/late.xml"
expect 4 "$KYODO" plan "$T/late.xml" -o "$T/late"
contains "$T/out" "unassigned dr-02"
contains "$T/late/summary.json" '"code": "time"'
contains "$T/late/plan.xml" '<unassigned id="dr-02"'
expect 0 "$KYODO" check "$T/late.xml" "$T/late"

# ---- import ---------------------------------------------------------------------

expect 0 "$KYODO" import --from solomon tests/data/solomon_tiny.txt -o "$T/sol.xml"
expect 0 "$KYODO" validate "$T/sol.xml"
expect 0 "$KYODO" plan "$T/sol.xml" -o "$T/sol" --objective distance
expect 0 "$KYODO" check "$T/sol.xml" "$T/sol"
expect 0 "$KYODO" import --from lilim tests/data/lilim_tiny.txt -o "$T/ll.xml"
expect 0 "$KYODO" plan "$T/ll.xml" -o "$T/ll" --objective vehicles,distance
expect 0 "$KYODO" check "$T/ll.xml" "$T/ll"
expect 2 "$KYODO" import --from tsplib tests/data/solomon_tiny.txt -o "$T/x.xml"
expect 6 "$KYODO" import --from solomon "$T/missing.txt" -o "$T/x.xml"
absent "$T/x.xml"

# ---- company rules: a co-loading ban ------------------------------------------------

expect 0 "$KYODO" plan tests/data/coloading-ban.xml -o "$T/ban"
expect 0 "$KYODO" check tests/data/coloading-ban.xml "$T/ban"
contains "$T/ban/summary.json" '"vehicles_used": 2'
sed 's/ no-coloading-with="a"//' tests/data/coloading-ban.xml >"$T/noban.xml"
expect 0 "$KYODO" plan "$T/noban.xml" -o "$T/noban"
contains "$T/noban/summary.json" '"vehicles_used": 1'
# the plan made without the ban breaks it
expect 5 "$KYODO" check tests/data/coloading-ban.xml "$T/noban"
contains "$T/err" "carries goods of 'a' and 'b', which may not share a vehicle"

# the GMPL model with bans and several vehicles reaches kyodo's optimum
expect 0 "$KYODO" plan tests/data/company-rules.xml -o "$T/rules" --exact
expect 0 "$KYODO" check tests/data/company-rules.xml "$T/rules"
expect 0 "$KYODO" export-model tests/data/company-rules.xml \
    --gmpl-data "$T/rules.dat"
contains "$T/rules.dat" "set BAN :="
if command -v glpsol >/dev/null 2>&1; then
    obj=$(sed -n 's/.*"objective": \([0-9.]*\),.*/\1/p' "$T/rules/summary.json")
    glpsol -m models/pdptw.mod -d "$T/rules.dat" >"$T/gmpl.out" 2>&1
    gm=$(sed -n 's/^kyodo-gmpl objective \([0-9.]*\)/\1/p' "$T/gmpl.out")
    count=$((count + 1))
    awk -v a="$gm" -v b="$obj" 'BEGIN { d = a - b; if (d < 0) d = -d;
        exit !(a != "" && d <= 1e-3 * (1 + b)) }' ||
        fail "glpsol objective '$gm' on company-rules differs from kyodo's $obj"
fi

# ---- compare: joint vs alone, allocations, core check -----------------------------

expect 0 "$KYODO" compare tests/data/company-rules.xml -o "$T/cmp" \
    --time-limit 10 --jobs 2
contains "$T/out" "core check (against every coalition)"
contains "$T/out" "shapley"
contains "$T/cmp/compare.json" '"method": "nucleolus"'
contains "$T/cmp/compare.json" '"in_core"'
contains "$T/cmp/coalitions.csv" '^a+b,2,3,'
expect 0 "$KYODO" check tests/data/company-rules.xml "$T/cmp/joint"
expect 0 "$KYODO" check "$T/cmp/alone/a/scenario.xml" "$T/cmp/alone/a"
expect 0 "$KYODO" check "$T/cmp/alone/b/scenario.xml" "$T/cmp/alone/b"

no_temporaries "$T/cmp"
# every allocation sums to the joint cost (the last row, all companies)
count=$((count + 1))
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i ~ /^share_/) col[i] = $i }
         $1 == "" && $2 == "all companies" { for (i in col) total[i] = $i; next }
         NR > 1 { for (i in col) sum[i] += $i }
         END { bad = 0
               for (i in col) if (sum[i] - total[i] > 0.05 || total[i] - sum[i] > 0.05) {
                   print col[i] " sums to " sum[i] ", joint cost " total[i]; bad = 1 }
               exit bad }' "$T/cmp/compare.csv" >"$T/sums" ||
    fail "allocations do not sum to the joint cost: $(cat "$T/sums")"
# one worker or two: the same report
expect 0 "$KYODO" compare tests/data/company-rules.xml -o "$T/cmp1" \
    --time-limit 10 --jobs 1
count=$((count + 1))
cmp -s "$T/cmp/compare.json" "$T/cmp1/compare.json" ||
    fail "compare.json differs between --jobs 1 and --jobs 2"
# sampled Shapley says so and gives intervals
expect 0 "$KYODO" compare tests/data/company-rules.xml -o "$T/cmps" \
    --time-limit 10 --shapley sampled --samples 50
contains "$T/cmps/compare.json" '"ci95_half_width"'
contains "$T/out" "each company alone only"
# input it cannot split: a shipment without a company; nothing written
expect 3 "$KYODO" compare tests/data/valid-full.xml -o "$T/cmpbad"
contains "$T/err" "valid-full.xml:46: shipment 'PO-3' names no company"
absent "$T/cmpbad"
# companies with no vehicle alone: refused, naming them
expect 3 "$KYODO" compare tests/data/coloading-ban.xml -o "$T/cmpbad"
contains "$T/err" "coloading-ban.xml:8: company 'a' has no vehicle when alone"
absent "$T/cmpbad"
expect 2 "$KYODO" compare tests/data/company-rules.xml
expect 2 "$KYODO" compare tests/data/company-rules.xml -o "$T/x" --jobs 0
expect 2 "$KYODO" compare tests/data/company-rules.xml -o "$T/x" \
    --objective distance
absent "$T/x"

# ---- study: business-continuity variants side by side ---------------------------

expect 0 "$KYODO" study tests/data/study/three.xml -o "$T/st" --jobs 2 \
    --time-limit 5
contains "$T/out" "study three: 3 variants"
contains "$T/out" "(2 at closed sites)"
for v in base supplier-a-out demand-x3 truck-lost; do
    expect 0 "$KYODO" check "$T/st/$v/scenario.xml" "$T/st/$v"
done
no_temporaries "$T/st"
# the differences each variant must make, from study.csv by column name
count=$((count + 1))
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { v = $c["variant"] }
    v == "base" && !($c["unassigned"] == 0 && $c["cost_diff"] == 0) { bad = bad " base" }
    v == "supplier-a-out" && !($c["unassigned"] == 2 && $c["unassigned_closed"] == 2 &&
        $c["unassigned_diff"] == 2 && $c["service_acme"] == 0.5 &&
        $c["service_bolt"] == 0.6667 && $c["penalty"] == 20000) { bad = bad " supplier" }
    v == "demand-x3" && !($c["unassigned"] == 0 && $c["cost_diff"] > 0) { bad = bad " demand" }
    v == "truck-lost" && !($c["unassigned"] == 0 && $c["cost_diff"] == 0) { bad = bad " truck" }
    END { if (NR != 5) bad = bad " rows=" NR; if (bad != "") { print bad; exit 1 } }' \
    "$T/st/study.csv" >"$T/bad" ||
    fail "study.csv differences wrong:$(cat "$T/bad")"
contains "$T/st/study.json" '"unassigned_by_reason": {"closed": 2}'
contains "$T/st/supplier-a-out/summary.json" '"code": "closed"'
# the all-day truck lost: the goods that may, change vans at the hub
expect 0 "$KYODO" study tests/data/study/hub.xml -o "$T/sth" --time-limit 5
expect 0 "$KYODO" check "$T/sth/truck-lost/scenario.xml" "$T/sth/truck-lost"
count=$((count + 1))
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $c["variant"] == "base" && $c["transfers"] != 0 { bad = bad " base" }
    $c["variant"] == "truck-lost" && !($c["transfers"] == 2 &&
        $c["unassigned"] == 1) { bad = bad " truck-lost" }
    END { if (bad != "") { print bad; exit 1 } }' "$T/sth/study.csv" \
    >"$T/bad" || fail "study.csv transfers wrong:$(cat "$T/bad")"
contains "$T/sth/study.json" '"transfers": 2'
# one worker or two: the same report
expect 0 "$KYODO" study tests/data/study/three.xml -o "$T/st1" --jobs 1 \
    --time-limit 5
count=$((count + 1))
cmp -s "$T/st/study.csv" "$T/st1/study.csv" ||
    fail "study.csv differs between --jobs 1 and --jobs 2"
# a variant that only takes away never costs less than the base, one
# that only adds never more, even from short searches that each end
# elsewhere: plans are shared where they are feasible
expect 0 "$KYODO" study tests/data/study/order.xml -o "$T/sto" --heuristic \
    --iterations 20 --time-limit 5
count=$((count + 1))
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $1 ~ /^less/ && $c["cost_diff"] < 0 { print $1; bad = 1 }
    $1 ~ /^more/ && $c["cost_diff"] > 0 { print $1; bad = 1 }
    END { exit bad }' "$T/sto/study.csv" >"$T/bad" ||
    fail "study order broken by: $(cat "$T/bad")"
for v in base less-a less-b less-c more-a more-b; do
    expect 0 "$KYODO" check "$T/sto/$v/scenario.xml" "$T/sto/$v"
done
# --exact plans every variant with the exact method: proven here
expect 0 "$KYODO" study tests/data/study/three.xml -o "$T/ste" --exact \
    --time-limit 5
count=$((count + 1))
[ "$(grep -c ',optimal,' "$T/ste/study.csv")" = 4 ] ||
    fail "study --exact: not every plan proven optimal"

# the supplier gone, a shipment with another source switches to it
expect 0 "$KYODO" study tests/data/study/sources.xml -o "$T/sts" \
    --time-limit 5
contains "$T/out" "(2 from another source)"
contains "$T/sts/study.json" '"sources_switched": 2'
expect 0 "$KYODO" check "$T/sts/near-out/scenario.xml" "$T/sts/near-out"
# bad studies: every problem with its line, nothing written
expect 3 "$KYODO" study tests/data/study/bad-ids.xml -o "$T/stbad"
contains "$T/err" "bad-ids.xml:4: variant 'a': location 'nowhere' is not in the scenario"
contains "$T/err" "bad-ids.xml:15: variant 'b': vehicle 'van' is not in the scenario"
expect 3 "$KYODO" study tests/data/study/bad-schema.xml -o "$T/stbad"
contains "$T/err" "bad-schema.xml:4: element 'flood'"
expect 6 "$KYODO" study tests/data/study/missing-base.xml -o "$T/stbad"
contains "$T/err" "missing-base.xml:2: the base scenario"
absent "$T/stbad"
expect 2 "$KYODO" study tests/data/study/three.xml
expect 2 "$KYODO" study tests/data/study/three.xml -o "$T/x" --objective distance
absent "$T/x"
# emergency partners and local sourcing are counted
expect 0 "$KYODO" study tests/data/study/kpi.xml -o "$T/stk" --time-limit 5
contains "$T/out" "(partners: 1)"
contains "$T/stk/study.csv" '^partner-only,feasible,.*,1,0.6667,5,0,0,0,'
contains "$T/stk/partner-only/summary.json" '"emergency_vehicles": 1'
expect 0 "$KYODO" check "$T/stk/partner-only/scenario.xml" "$T/stk/partner-only"
expect 0 "$KYODO" plan tests/data/study/base.xml -o "$T/stk/plan"
contains "$T/out" "local sourcing: 66.7 % of the kg picked up at suppliers"
# a variant whose fleet cannot carry everything: planned, listed with the
# reason, and checked, though plan would refuse such a scenario
expect 0 "$KYODO" study tests/data/study/fleet.xml -o "$T/stf" --time-limit 5
contains "$T/stf/van-only/summary.json" '"code": "capacity"'
expect 0 "$KYODO" check "$T/stf/van-only/scenario.xml" "$T/stf/van-only"
expect 3 "$KYODO" validate "$T/stf/van-only/scenario.xml"
contains "$T/err" "is more than any vehicle carries"

# ---- interrupted: the best plan so far is written, exit 130 -----------------------

# interrupt WHAT COMMAND...: runs it in the background, sends SIGINT after
# 2 s and expects exit 130.
interrupt() {
    what=$1
    shift
    "$@" >"$T/out" 2>"$T/err" &
    pid=$!
    sleep 2
    kill -INT "$pid"
    wait "$pid"
    got=$?
    count=$((count + 1))
    [ "$got" = 130 ] || fail "interrupted $what exited $got, wanted 130"
}

interrupt plan "$KYODO" plan samples/enshu-cluster.xml -o "$T/int" \
    --iterations 100000000 --time-limit 600
contains "$T/int/summary.json" '"status": "time-limit"'
expect 0 "$KYODO" check samples/enshu-cluster.xml "$T/int"

# an interrupted compare stops its workers and writes no report
interrupt compare "$KYODO" compare samples/enshu-cluster.xml -o "$T/cint"
contains "$T/err" "compare interrupted; no report written"
absent "$T/cint/compare.json" "$T/cint/compare.csv"
no_temporaries "$T/cint"

# an interrupted study likewise
interrupt study "$KYODO" study samples/bcp-study.xml -o "$T/sint" \
    --time-limit 600
contains "$T/err" "study interrupted; no report written"
absent "$T/sint/study.json" "$T/sint/study.csv"
no_temporaries "$T/sint"

echo "cli: $count checks, $fails failed"
[ "$fails" = 0 ]
