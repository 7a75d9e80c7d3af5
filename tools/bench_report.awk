# kyodo benchmark report (POSIX awk): joins kyodo's rows with BKS.tsv and
# the peer file, writes the per-instance TSV to `tsv` and a markdown
# report to stdout. Inputs, in order: BKS.tsv, peers/vroom.tsv, rows.
#
# Gaps: Solomon against `distance_unrounded`, Gehring & Homberger against
# `distance` (CVRPLIB, arcs truncated to 0.1, so unrounded plans look a
# little worse than they are), Li & Lim against the hierarchical table
# (vehicles first; distance gap where the vehicle count matches).

BEGIN {
    FS = OFS = "\t"
    bset["solomon"] = "solomon"; kind["solomon"] = "distance_unrounded"
    bset["gh200"] = "gehring_homberger_200"; kind["gh200"] = "distance"
    bset["lilim"] = "lilim"; kind["lilim"] = "hierarchical"
    bset["lilim1000"] = "lilim_1000"; kind["lilim1000"] = "hierarchical"
    title["solomon"] = "Solomon-100"; title["gh200"] = "Gehring & Homberger-200"
    title["lilim"] = "Li & Lim-100"; title["lilim1000"] = "Li & Lim-1000"
    order[1] = "solomon"; order[2] = "lilim"; order[3] = "gh200"
    order[4] = "lilim1000"
}

FNR == 1 { file++ }

file == 1 && FNR > 1 { bks[$1, $2, $5] = $3 SUBSEP $4; next }
file == 2 && FNR > 1 { peer[$1, $2, $3] = $4 SUBSEP $5 SUBSEP $6 SUBSEP $7; next }
file == 3 {
    n++
    s[n] = $1; inst[n] = $2; obj[n] = $3; veh[n] = $4; km[n] = $5
    un[n] = $6; ok[n] = $7; sec[n] = $8; mb[n] = $9
    iters[n] = $10; before[n] = $11; after[n] = $12
    # Set partitioning's gain: search objective -> after recombining.
    spg[n] = (before[n] == "NA" || after[n] == "NA" || before[n] + 0 == 0) \
        ? "NA" : 100 * (before[n] - after[n]) / before[n]
    have[$1] = 1
}

function cls(name) {
    match(name, /^[a-z]+[0-9]/)
    return substr(name, 1, RLENGTH)
}

function fmt(x, d) {
    return x == "NA" ? "NA" : sprintf("%." d "f", x)
}

function peer_get(set, name, opt, i,    key, a) {
    key = bset[set] SUBSEP name SUBSEP opt
    if (!(key in peer))
        return "NA"
    split(peer[key], a, SUBSEP)
    return a[i]
}

END {
    print "set", "class", "instance", "objective", "vehicles", "distance",
        "unassigned", "bks_vehicles", "bks_distance", "gap_pct", "seconds",
        "max_rss_mb", "check", "vroom_x5_vehicles", "vroom_x5_distance",
        "vroom_x5_gap_pct", "vroom_x5_seconds", "vroom_x0_vehicles",
        "vroom_x0_distance", "vroom_x0_gap_pct", "iterations",
        "setpart_gain_pct" > tsv
    for (i = 1; i <= n; i++) {
        split(bks[bset[s[i]], inst[i], kind[s[i]]], b, SUBSEP)
        bv[i] = b[1]; bd[i] = b[2]
        gap[i] = (km[i] == "NA" || bd[i] == "") ? "NA" : 100 * (km[i] / bd[i] - 1)
        for (o = 0; o <= 1; o++) {
            opt = o ? "-x 0" : "-x 5 -t 1"
            pv[i, o] = peer_get(s[i], inst[i], opt, 1)
            pd[i, o] = peer_get(s[i], inst[i], opt, 2)
            ps[i, o] = peer_get(s[i], inst[i], opt, 4)
            pg[i, o] = (pd[i, o] == "NA" || bd[i] == "") ? "NA" \
                : 100 * (pd[i, o] / bd[i] - 1)
        }
        print s[i], cls(inst[i]), inst[i], obj[i], veh[i], km[i], un[i], bv[i],
            bd[i], fmt(gap[i], 3), sec[i], mb[i], ok[i], pv[i, 0], pd[i, 0],
            fmt(pg[i, 0], 3), ps[i, 0], pv[i, 1], pd[i, 1], fmt(pg[i, 1], 3),
            iters[i], fmt(spg[i], 4) > tsv
    }
    print "# kyodo benchmark: " seconds " s per instance"
    print ""
    print "Produced by `make bench BENCH_SECONDS=" seconds "` (tools/bench.sh); one"
    print "thread per instance; every plan verified by `kyodo check`. Gaps are"
    print "distance gaps in % to BKS.tsv; VROOM columns from peers/vroom.tsv."
    for (k = 1; k <= 4; k++)
        if (order[k] in have)
            report(order[k])
}

# Class rows, an overall row, then every instance.
function report(set,    i, c, hier) {
    hier = kind[set] == "hierarchical"
    print ""
    print "## " title[set] " (objective " (hier ? "vehicles,distance" : "distance") ")"
    print ""
    print "| class | n | complete | check | vehicles = BKS | mean gap % " \
        (hier ? "(where vehicles = BKS) " : "") "| worst gap % | mean s | max MB " \
        "| iterations/s | set partitioning: improved, mean gain % " \
        "| VROOM -x5: vehicles = BKS, gap % | VROOM -x0: vehicles = BKS, gap % |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    delete seen
    nc = 0
    for (i = 1; i <= n; i++)
        if (s[i] == set && !((c = cls(inst[i])) in seen)) {
            seen[c] = 1
            cl[++nc] = c
        }
    for (j = 1; j <= nc; j++)
        row(set, cl[j], hier)
    row(set, "all", hier)
    print ""
    print "| instance | vehicles | distance | unassigned | BKS vehicles | BKS distance | gap % | s | MB | check | VROOM -x5 vehicles, distance, s | VROOM -x0 vehicles, distance |"
    print "|---|---|---|---|---|---|---|---|---|---|---|---|"
    for (i = 1; i <= n; i++)
        if (s[i] == set)
            print "| " inst[i] " | " veh[i] " | " fmt(km[i], 2) " | " un[i] " | " bv[i] \
                " | " fmt(bd[i], 2) " | " fmt(gap[i], 2) " | " fmt(sec[i], 1) " | " \
                fmt(mb[i], 0) " | " ok[i] " | " pv[i, 0] ", " fmt(pd[i, 0], 2) ", " \
                ps[i, 0] " | " pv[i, 1] ", " fmt(pd[i, 1], 2) " |"
}

function row(set, c, hier,    i, cnt, comp, chk, vm, gs, gn, worst, ts, mx, o, pvm, pgs, pgn, its, spn, spi, sps) {
    cnt = comp = chk = vm = gs = gn = ts = mx = its = spn = spi = sps = 0
    worst = "NA"
    for (o = 0; o <= 1; o++)
        pvm[o] = pgs[o] = pgn[o] = 0
    for (i = 1; i <= n; i++) {
        if (s[i] != set || (c != "all" && cls(inst[i]) != c))
            continue
        cnt++
        comp += (un[i] == 0)
        chk += (ok[i] == "ok")
        match_v = (veh[i] != "NA" && veh[i] + 0 <= bv[i] + 0)
        vm += match_v
        if (gap[i] != "NA" && (!hier || match_v)) {
            gs += gap[i]
            gn++
        }
        if (gap[i] != "NA" && (worst == "NA" || gap[i] > worst) && (!hier || match_v))
            worst = gap[i]
        ts += sec[i]
        its += iters[i]
        if (spg[i] != "NA") {
            spn++
            sps += spg[i]
            spi += (spg[i] > 1e-9)
        }
        if (mb[i] + 0 > mx)
            mx = mb[i] + 0
        for (o = 0; o <= 1; o++) {
            if (pd[i, o] == "NA")
                continue
            pm = (pv[i, o] + 0 <= bv[i] + 0)
            pvm[o] += pm
            if (!hier || pm) {
                pgs[o] += pg[i, o]
                pgn[o]++
            }
        }
    }
    if (cnt == 0)
        return
    print "| " (c == "all" ? "**all**" : c) " | " cnt " | " comp "/" cnt " | " chk "/" cnt \
        " | " vm "/" cnt " | " (gn ? sprintf("%.2f", gs / gn) : "NA") " | " \
        fmt(worst, 2) " | " sprintf("%.1f", ts / cnt) " | " sprintf("%.0f", mx) \
        " | " (ts > 0 ? sprintf("%.0f", its / ts) : "NA") \
        " | " (spn ? spi "/" spn ", " sprintf("%.3f", sps / spn) : "NA") \
        " | " (pgn[0] ? pvm[0] "/" cnt ", " sprintf("%+.2f", pgs[0] / pgn[0]) : "NA") \
        " | " (pgn[1] ? pvm[1] "/" cnt ", " sprintf("%+.2f", pgs[1] / pgn[1]) : "NA") " |"
}
