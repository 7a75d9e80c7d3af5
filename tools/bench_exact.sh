#!/bin/sh
# kyodo exact benchmark: Solomon instances cut to their first N customers
# (or Li & Lim instances cut to their first N pairs, with --lilim)
# (25 and 50, as in the literature; 100 is the whole instance), planned
# by the exact method (`--exact`: column generation) with the distance
# objective;
# reports per instance the status (optimal only when proven), the plan,
# the certified lower bound and its kind, the gap and the seconds, and
# checks every plan with `kyodo check`.
#
#   sh tools/bench_exact.sh N SECONDS [CLASSES]   (make bench-exact)
#   sh tools/bench_exact.sh --lilim N SECONDS [CLASSES]
#                                 (Li & Lim pickup-and-delivery instances
#                                  cut to their first N pairs; files
#                                  exact-lilim-N.*)
#   sh tools/bench_exact.sh [--lilim] --summary N SECONDS
#                                 (the table again, from the TSV)
#
# CLASSES is a regex over instance names (default: all 56). Results go
# to bench/results/exact-N.tsv and exact-N.md. For whole instances (N =
# 100) the best-known distances from BKS.tsv stand beside the plan: the
# literature's (distances truncated to one decimal, so an unrounded plan
# may lie above it) and the unrounded reference. Environment: BENCH_DIR
# (default ../shared/bench), BENCH_OUT (default bench/results), KYODO
# (default ./kyodo). One instance at a time, one thread.
set -u
summary_only=
set_=solomon
if [ "${1:-}" = --lilim ]; then
    set_=lilim
    shift
fi
if [ "${1:-}" = --summary ]; then
    summary_only=1
    shift
fi
n=$1 secs=$2 classes=${3:-.}
KYODO=${KYODO:-./kyodo}
BENCH_DIR=${BENCH_DIR:-../shared/bench}
OUT=${BENCH_OUT:-bench/results}
if [ "$set_" = lilim ]; then
    base=$OUT/exact-lilim-$n
else
    base=$OUT/exact-$n
fi
tsv=$base.tsv
if [ -z "$summary_only" ]; then
    work=$(mktemp -d "${TMPDIR:-/tmp}/kyodo-exact-XXXXXX")
    trap 'rm -rf "$work"' EXIT
    mkdir -p "$OUT"
    size=customers
    [ "$set_" = lilim ] && size=pairs
    printf 'instance\t%s\tstatus\tobjective\tbound\tbound_kind\tgap\tseconds\tcheck\tbks_truncated\tbks_unrounded\n' "$size" >"$tsv.tmp"
    bks() { # INSTANCE KIND
        [ "$set_" = solomon ] && [ "$n" -ge 100 ] &&
            [ -f "$BENCH_DIR/BKS.tsv" ] || { echo -; return; }
        v=$(awk -F'\t' -v i="$1" -v k="$2" '$1 == "solomon" && tolower($2) == i &&
            $5 == k { print $4 }' "$BENCH_DIR/BKS.tsv")
        echo "${v:--}"
    }
    for f in "$BENCH_DIR"/"$set_"/*.txt; do
        name=$(basename "$f" .txt)
        echo "$name" | grep -Eq "$classes" || continue
        if [ "$set_" = solomon ]; then
            # the depot (customer 0) and customers 1..n
            awk -v n="$n" 'started && $1 ~ /^[0-9]+$/ && $1 > n { next }
                           { print } $1 == "CUST" { started = 1 }' "$f" \
                >"$work/$name.txt"
        else
            # the depot and the first n pairs (pickup rows in file
            # order with their deliveries), renumbered
            tr -d '\r' <"$f" | awk -v n="$n" '
                NR == 1 { print; next }
                NF >= 9 { row[$1] = $0; dem[$1] = $4; dl[$1] = $9
                          order[++m] = $1 }
                END { keep[0] = 1
                      for (i = 1; i <= m && k < n; i++) { x = order[i]
                          if (x != 0 && dem[x] > 0 && dl[x] != 0) {
                              keep[x] = 1; keep[dl[x]] = 1; k++ } }
                      for (i = 1; i <= m; i++)
                          if (order[i] in keep) id[order[i]] = ids++
                      for (i = 1; i <= m; i++) { x = order[i]
                          if (!(x in keep)) continue
                          split(row[x], a, " ")
                          a[1] = id[x]
                          a[8] = a[8] == 0 ? 0 : id[a[8]]
                          a[9] = a[9] == 0 ? 0 : id[a[9]]
                          line = a[1]
                          for (j = 2; j <= 9; j++) line = line "\t" a[j]
                          print line } }' >"$work/$name.txt"
        fi
        "$KYODO" import --from "$set_" "$work/$name.txt" -o "$work/$name.xml" -q ||
            exit 1
        "$KYODO" plan "$work/$name.xml" -o "$work/$name" --objective distance \
            --exact --time-limit "$secs" >"$work/$name.log" 2>&1
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
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$n" \
            "$status" "$obj" "$bound" "$kind" "$gap" "$s" "$ok" \
            "$(bks "$name" distance)" "$(bks "$name" distance_unrounded)" \
            >>"$tsv.tmp"
        printf '%s: %s %s bound %s gap %s %s s %s\n' "$name" "$status" "$obj" \
            "$bound" "$gap" "$s" "$ok"
    done
    mv "$tsv.tmp" "$tsv"
fi
awk -F'\t' -v n="$n" -v secs="$secs" -v set="$set_" 'NR == 1 { next }
    { match($1, /^[a-z]+[12]/); c = substr($1, 1, RLENGTH)
      if (!(c in total)) order[++nc] = c
      total[c]++; T++
      if ($3 == "optimal") { opt[c]++; O++; if ($8 > tmax) tmax = $8 }
      if ($5 != "null") { bounded[c]++; B++; gsum[c] += $7; G += $7
                          if ($7 > gmax) gmax = $7 }
      if ($9 != "ok") bad++
      if ($11 != "-" && $11 > 0) { nb++; above += ($4 - $11) / $11 } }
    function row(name, t, o, b, g) {
        printf "| %s | %d | %d | %d | %s |\n", name, t, o, b,
               b ? sprintf("%.2f", 100 * g / b) : "-" }
    END { if (set == "lilim")
              printf "# Li & Lim, first %s pairs, %s s limit, --exact\n\n", n, secs
          else
              printf "# Solomon, %s customers, %s s limit, --exact\n\n",
                     (n >= 100 ? "all " n : "first " n), secs
          printf "| class | instances | proven optimal | with a bound | mean gap %% |\n"
          printf "|---|---|---|---|---|\n"
          for (k = 1; k <= nc; k++) { c = order[k]
              row(toupper(c), total[c], opt[c], bounded[c], gsum[c]) }
          row("all", T, O, B, G)
          printf "\nSlowest proof %.2f s; largest gap %.2f %%; %d plans failed check.\n",
                 tmax, 100 * gmax, bad + 0
          if (nb) printf "Plans against the unrounded best-known distances: %+.2f %% on average (%d instances).\n",
                         100 * above / nb, nb }' \
    "$tsv" >"$base.md"
cat "$base.md"
