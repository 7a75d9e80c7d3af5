/* kyodo: the compact pickup-and-delivery model in GNU MathProg.

   The same model as src/milp_compact.c builds through the GLPK C API
   (kyodo export-model --lp / --mps write that one); this file states it
   for reading and for glpsol:

     kyodo export-model samples/small.xml --gmpl-data small.dat
     glpsol -m models/pdptw.mod -d small.dat

   Stops are numbered 1..|N|; in arcs (i,j,k), i = 0 is vehicle k's start
   depot and j = 0 its end depot. Times are minutes, H a horizon no
   schedule exceeds (the big-M of every time constraint). */

param H > 0;
set K;                 /* vehicles */
set N;                 /* stops */
set SH;                /* shipments */
set DIM;               /* capacity dimensions */
set A dimen 3;         /* usable arcs (i, j, k) */
set Y dimen 2;         /* (s, k): shipment s may ride on vehicle k */
set PD dimen 3;        /* (s, pickup stop, delivery stop) */
set SL;                /* shipments loaded at the start depot */
set SU;                /* shipments unloaded at the end depot */
set W dimen 2;         /* (i, m): window m of stop i */
set Z dimen 2;         /* stop pairs joined by a zero-duration arc */
set BAN within SH cross SH default {(s, t) in SH cross SH: 0};
                       /* (s, t), s < t: their companies may not share a
                          vehicle (co-loading bans); empty by default */

param arc_cost{A};     /* objective per use of the arc */
param arc_min{A};      /* travel minutes */
param ship{N};         /* shipment of each stop */
param svc{N};          /* service minutes */
param wopen{W};
param wclose{W};
param q{N, DIM};       /* load change at the stop */
param pen{SH};         /* cost of leaving the shipment unassigned */
param lsvc{SH};        /* loading minutes at the start depot */
param usvc{SH};        /* unloading minutes at the end depot */
param sopen{SH};       /* loading may start from ... */
param sclose{SH};      /* ... until */
param eopen{SH};       /* unloading may start from ... */
param eclose{SH};      /* ... until */
param pdmin{SH};       /* travel minutes from pickup to delivery */
param qs{SH, DIM};     /* amount loaded at the start depot */
param fixed{K};        /* objective when the vehicle is used */
param per_min{K};      /* objective per working minute */
param a0{K};           /* earliest start (shift, depot hours) */
param dclose{K};       /* start depot closes */
param aend{K};         /* end depot opens */
param bend{K};         /* end depot closes or shift ends */
param cap{K, DIM};

param nw{i in N} := card({(i2, m) in W: i2 = i});
param early{i in N} := min{(i2, m) in W: i2 = i} wopen[i2, m];
param late{i in N} := max{(i2, m) in W: i2 = i} wclose[i2, m];
param qmax{d in DIM} := max{k in K} cap[k, d];

var x{A} binary;
var y{Y} binary;
var z{SH} >= 0, <= 1;
var u{K} binary;
var S{K} >= 0, <= H;
var E{K} >= 0, <= H;
var L0{k in K, d in DIM} >= 0, <= cap[k, d];
var T{i in N} >= early[i], <= late[i];
var w{(i, m) in W: nw[i] > 1} binary;
var L{N, DIM} >= 0;
var P{N} >= 1, <= card(N);

minimize cost:
    sum{(i, j, k) in A} arc_cost[i, j, k] * x[i, j, k]
  + sum{(s, k) in Y} per_min[k] * usvc[s] * y[s, k]
  + sum{s in SH} pen[s] * z[s]
  + sum{k in K} (fixed[k] * u[k] + per_min[k] * (E[k] - S[k]));

s.t. assign{s in SH}: sum{(s2, k) in Y: s2 = s} y[s2, k] + z[s] = 1;

s.t. inflow{i in N, k in K: (ship[i], k) in Y}:
    sum{(h, j, k2) in A: j = i and k2 = k} x[h, j, k2] = y[ship[i], k];
s.t. outflow{i in N, k in K: (ship[i], k) in Y}:
    sum{(i2, j, k2) in A: i2 = i and k2 = k} x[i2, j, k2] = y[ship[i], k];
s.t. start{k in K}: sum{(i, j, k2) in A: i = 0 and k2 = k} x[i, j, k2] = u[k];
s.t. end{k in K}: sum{(i, j, k2) in A: j = 0 and k2 = k} x[i, j, k2] = u[k];
s.t. used{(s, k) in Y}: y[s, k] <= u[k];

/* Time along used arcs; each big-M is just large enough that the row
   holds for any values the bounds allow when the arc is not used. */
s.t. time_ss{(i, j, k) in A: i > 0 and j > 0}:
    T[j] - T[i] - max(0, late[i] + svc[i] + arc_min[i, j, k] - early[j]) * x[i, j, k]
    >= svc[i] + arc_min[i, j, k]
       - max(0, late[i] + svc[i] + arc_min[i, j, k] - early[j]);
s.t. time_os{(i, j, k) in A: i = 0 and j > 0}:
    T[j] - S[k] - sum{(s, k2) in Y: k2 = k} lsvc[s] * y[s, k2]
    - max(0, dclose[k] + arc_min[i, j, k] - early[j]) * x[i, j, k]
    >= arc_min[i, j, k] - max(0, dclose[k] + arc_min[i, j, k] - early[j]);
s.t. time_se{(i, j, k) in A: i > 0 and j = 0}:
    E[k] - T[i] - max(0, late[i] + svc[i] + arc_min[i, j, k] - aend[k]) * x[i, j, k]
    >= svc[i] + arc_min[i, j, k]
       - max(0, late[i] + svc[i] + arc_min[i, j, k] - aend[k]);

s.t. pick{i in N: nw[i] > 1}: sum{(i2, m) in W: i2 = i} w[i2, m] = 1;
s.t. wopen_c{i in N: nw[i] > 1}:
    T[i] - sum{(i2, m) in W: i2 = i} wopen[i2, m] * w[i2, m] >= 0;
s.t. wclose_c{i in N: nw[i] > 1}:
    T[i] - sum{(i2, m) in W: i2 = i} wclose[i2, m] * w[i2, m] <= 0;

s.t. sopen_c{k in K}: S[k] >= a0[k];
s.t. sclose_c{k in K}:
    S[k] + sum{(s, k2) in Y: k2 = k} lsvc[s] * y[s, k2] <= dclose[k];
s.t. eopen_c{k in K}: E[k] >= aend[k];
s.t. eclose_c{k in K}:
    E[k] + sum{(s, k2) in Y: k2 = k} usvc[s] * y[s, k2] <= bend[k];
/* Working time covers every minute driven, served and loaded. */
s.t. work{k in K}:
    E[k] + sum{(s, k2) in Y: k2 = k} usvc[s] * y[s, k2] - S[k]
    - sum{(s, k2) in Y: k2 = k} lsvc[s] * y[s, k2]
    - sum{(i, j, k2) in A: k2 = k}
          (arc_min[i, j, k2] + (if i > 0 then svc[i] else 0)) * x[i, j, k2]
    >= 0;
s.t. ready_l{(s, k) in Y: s in SL}: S[k] - sopen[s] * y[s, k] >= 0;
s.t. due_l{(s, k) in Y: s in SL}: S[k] + H * y[s, k] <= sclose[s] + H;
s.t. ready_u{(s, k) in Y: s in SU}: E[k] - eopen[s] * y[s, k] >= 0;
s.t. due_u{(s, k) in Y: s in SU}: E[k] + H * y[s, k] <= eclose[s] + H;

s.t. prec{(s, p, d) in PD}:
    T[d] - T[p] - max(0, late[p] + svc[p] + pdmin[s] - early[d])
                  * sum{(s2, k) in Y: s2 = s} y[s2, k]
    >= svc[p] + pdmin[s] - max(0, late[p] + svc[p] + pdmin[s] - early[d]);

s.t. load_ss{(i, j, k) in A, d in DIM: i > 0 and j > 0}:
    L[j, d] - L[i, d] - max(0, qmax[d] + q[j, d]) * x[i, j, k]
    >= q[j, d] - max(0, qmax[d] + q[j, d]);
s.t. load_os{(i, j, k) in A, d in DIM: i = 0 and j > 0}:
    L[j, d] - L0[k, d] - max(0, qmax[d] + q[j, d]) * x[i, j, k]
    >= q[j, d] - max(0, qmax[d] + q[j, d]);
s.t. load0{k in K, d in DIM}:
    L0[k, d] - sum{(s, k2) in Y: k2 = k} qs[s, d] * y[s, k2] >= 0;
s.t. capc{i in N, d in DIM}:
    L[i, d] - sum{(s, k) in Y: s = ship[i]} cap[k, d] * y[s, k] <= 0;

/* Co-loading bans: a vehicle carries at most one shipment of the pair. */
s.t. ban{(s, t) in BAN, k in K: (s, k) in Y and (t, k) in Y}:
    y[s, k] + y[t, k] <= 1;

s.t. order{(i, j, k) in A: i > 0 and j > 0 and (i, j) in Z}:
    P[j] - P[i] - card(N) * x[i, j, k] >= 1 - card(N);

/* Valid inequalities: an arc is used only by a vehicle carrying both
   ends' shipments; two stops are not joined in both directions. */
s.t. link_i{(i, j, k) in A: i > 0}: x[i, j, k] <= y[ship[i], k];
s.t. link_j{(i, j, k) in A: j > 0}: x[i, j, k] <= y[ship[j], k];
s.t. twocycle{i in N, j in N: i < j and
        card({(i2, j2, k) in A: (i2 = i and j2 = j) or (i2 = j and j2 = i)}) >= 2}:
    sum{(i2, j2, k) in A: (i2 = i and j2 = j) or (i2 = j and j2 = i)}
        x[i2, j2, k] <= 1;

solve;

printf "kyodo-gmpl objective %.6f\n", cost;
printf{k in K, (i, j, k2) in A: k2 = k and x[i, j, k2] > 0.5}
    "arc %d -> %d vehicle %d\n", i, j, k;
end;
