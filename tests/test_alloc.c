/* Tests of cost allocation: Shapley value (exact and sampled), core check
 * and least core, on games whose answers are known by hand. */
#include <math.h>
#include <string.h>

#include "kyodo.h"
#include "testutil.h"

/* Three companies: A and B alike, C larger. By hand (orders A,B,C each
 * weighted 1/3 alone, 1/6 after one other, 1/3 last):
 *   phi_A = 10/3 + (16-10)/6 + (22-16)/6 + (27-22)/3 = 7 = phi_B,
 *   phi_C = 16/3 + (22-10)/6 + (22-10)/6 + (27-16)/3 = 13. */
static const double game3[8] = {0, 10, 10, 16, 16, 22, 22, 27};

/* game3 over players 0..2 plus player 3, a dummy who adds 5 anywhere. */
static void make_game4(double *c)
{
    for (int m = 0; m < 16; m++)
        c[m] = game3[m & 7] + ((m & 8) ? 5.0 : 0.0);
}

static void shapley_exact_matches_hand_values(void)
{
    ky_game g = {3, game3};
    double phi[3];
    CU_ASSERT_EQUAL_FATAL(ky_shapley_exact(&g, phi), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(phi[0], 7.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(phi[1], 7.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(phi[2], 13.0, 1e-12);

    double c4[16], phi4[4];
    make_game4(c4);
    ky_game g4 = {4, c4};
    CU_ASSERT_EQUAL_FATAL(ky_shapley_exact(&g4, phi4), KY_OK);
    /* Efficiency, symmetry, dummy player. */
    CU_ASSERT_DOUBLE_EQUAL(phi4[0] + phi4[1] + phi4[2] + phi4[3], c4[15], 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(phi4[0], phi4[1], 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(phi4[3], 5.0, 1e-12);
    CU_ASSERT_DOUBLE_EQUAL(phi4[2], 13.0, 1e-12);

    /* Additivity: the value of a sum of games is the sum of values. */
    double c2[16], sum[16], phi2[4], phis[4];
    for (int m = 0; m < 16; m++) {
        int k = __builtin_popcount((unsigned)m);
        c2[m] = k * k + (m & 1 ? 3.0 : 0.0);
        sum[m] = c4[m] + c2[m];
    }
    ky_game g2 = {4, c2}, gs = {4, sum};
    CU_ASSERT_EQUAL(ky_shapley_exact(&g2, phi2), KY_OK);
    CU_ASSERT_EQUAL(ky_shapley_exact(&gs, phis), KY_OK);
    for (int i = 0; i < 4; i++)
        CU_ASSERT_DOUBLE_EQUAL(phis[i], phi4[i] + phi2[i], 1e-9);

    ky_game bad = {0, game3};
    CU_ASSERT_EQUAL(ky_shapley_exact(&bad, phi), KY_EINPUT);
}

/* A 6-company game with economies of scale: cost 10 * sqrt(volume). */
static const double weight6[6] = {1, 2, 3, 5, 8, 13};

static double cost6(uint64_t m)
{
    double w = 0.0;
    for (int i = 0; i < 6; i++)
        if (m >> i & 1)
            w += weight6[i];
    return 10.0 * sqrt(w);
}

static bool cost6_cb(void *ud, uint64_t mask, double *c)
{
    int *calls = ud;
    ++*calls;
    *c = cost6(mask);
    return true;
}

static void sampled_shapley_lies_within_its_interval(void)
{
    double c[64], exact[6], phi[6], half[6];
    for (int m = 0; m < 64; m++)
        c[m] = cost6((uint64_t)m);
    ky_game g = {6, c};
    CU_ASSERT_EQUAL_FATAL(ky_shapley_exact(&g, exact), KY_OK);
    int calls = 0;
    CU_ASSERT_EQUAL_FATAL(ky_shapley_sample(6, cost6_cb, &calls, 2000, 7, phi,
                                            half, NULL), KY_OK);
    CU_ASSERT_EQUAL(calls, 2000 * 6);
    double total = 0.0;
    for (int i = 0; i < 6; i++) {
        CU_ASSERT(half[i] > 0.0);
        CU_ASSERT(fabs(phi[i] - exact[i]) <= half[i]);
        total += phi[i];
    }
    /* Every sampled order sums to c(N), so the estimate is efficient. */
    CU_ASSERT_DOUBLE_EQUAL(total, c[63], 1e-9);
    /* Same seed, same estimate. */
    double again[6], half2[6];
    CU_ASSERT_EQUAL(ky_shapley_sample(6, cost6_cb, &calls, 2000, 7, again,
                                      half2, NULL), KY_OK);
    CU_ASSERT_EQUAL(memcmp(again, phi, sizeof phi), 0);
}

/* Three alike companies: alone 10, in pairs 17, all 24. Pairs need
 * x_i + x_j <= 17 + eps, so 2 * 24 <= 51 + 3 eps: eps >= -1, reached only
 * at (8, 8, 8). With pairs at 15 the core is empty and eps = 1. */
static void least_core_and_core_check_on_known_games(void)
{
    double c[8] = {0, 10, 10, 17, 10, 17, 17, 24};
    ky_game g = {3, c};
    double x[3], eps;
    CU_ASSERT_EQUAL_FATAL(ky_least_core(&g, x, &eps, NULL), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(eps, -1.0, 1e-9);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_DOUBLE_EQUAL(x[i], 8.0, 1e-9);

    ky_core_violation v[4];
    int nv = -1;
    bool eff = false;
    CU_ASSERT_EQUAL(ky_core_check(&g, x, 1e-9, v, 4, &nv, &eff), KY_OK);
    CU_ASSERT_EQUAL(nv, 0);
    CU_ASSERT_TRUE(eff);

    /* Company 0 pays 12, more than alone (10), and with either partner
     * more than the pair would (18 > 17). */
    double bad[3] = {12, 6, 6};
    CU_ASSERT_EQUAL(ky_core_check(&g, bad, 1e-9, v, 4, &nv, &eff), KY_OK);
    CU_ASSERT_TRUE(eff);
    CU_ASSERT_EQUAL_FATAL(nv, 3);
    CU_ASSERT_EQUAL(v[0].mask, 1u);
    CU_ASSERT_DOUBLE_EQUAL(v[0].excess, 2.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(v[1].excess, 1.0, 1e-9);
    CU_ASSERT_EQUAL(v[1].mask | v[2].mask, 7u);
    /* Only the largest are listed when the room is short. */
    CU_ASSERT_EQUAL(ky_core_check(&g, bad, 1e-9, v, 1, &nv, &eff), KY_OK);
    CU_ASSERT_EQUAL(nv, 3);
    CU_ASSERT_EQUAL(v[0].mask, 1u);
    double short_sum[3] = {8, 8, 7};
    CU_ASSERT_EQUAL(ky_core_check(&g, short_sum, 1e-9, v, 4, &nv, &eff), KY_OK);
    CU_ASSERT_FALSE(eff);

    double c_empty[8] = {0, 10, 10, 15, 10, 15, 15, 24};
    ky_game ge = {3, c_empty};
    CU_ASSERT_EQUAL_FATAL(ky_least_core(&ge, x, &eps, NULL), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(eps, 1.0, 1e-9);
    for (int i = 0; i < 3; i++)
        CU_ASSERT_DOUBLE_EQUAL(x[i], 8.0, 1e-9);
    /* The Shapley value of game3 is in its core: check it says so. */
    ky_game g3 = {3, game3};
    double phi[3];
    CU_ASSERT_EQUAL(ky_shapley_exact(&g3, phi), KY_OK);
    CU_ASSERT_EQUAL(ky_core_check(&g3, phi, 1e-9, v, 4, &nv, &eff), KY_OK);
    CU_ASSERT_EQUAL(nv, 0);
}

/* c(i) = 10, c(12) = 15, c(13) = c(23) = 20, c(N) = 24. Least core:
 * eps = -0.5 with x1 + x2 = 14.5, x3 = 9.5, and x1 anywhere in [5, 9.5].
 * The nucleolus then minimises the next excesses x1 - 10, x2 - 10,
 * x1 - 10.5, x2 - 10.5: x1 = x2 = 7.25. For game3 all three pairs are
 * tight at -2, which gives (7, 7, 13). */
static void nucleolus_of_known_games(void)
{
    double c[8] = {0, 10, 10, 15, 10, 20, 20, 24};
    ky_game g = {3, c};
    double x[3], eps;
    CU_ASSERT_EQUAL_FATAL(ky_least_core(&g, x, &eps, NULL), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(eps, -0.5, 1e-9);
    CU_ASSERT_EQUAL_FATAL(ky_nucleolus(&g, x, NULL), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(x[0], 7.25, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x[1], 7.25, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x[2], 9.5, 1e-9);

    ky_game g3 = {3, game3};
    CU_ASSERT_EQUAL_FATAL(ky_nucleolus(&g3, x, NULL), KY_OK);
    CU_ASSERT_DOUBLE_EQUAL(x[0], 7.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x[1], 7.0, 1e-9);
    CU_ASSERT_DOUBLE_EQUAL(x[2], 13.0, 1e-9);

    /* Economies of scale (a concave cost) have a non-empty core; the
     * nucleolus lies in it and is efficient. */
    double c6[64], x6[6];
    for (int m = 0; m < 64; m++)
        c6[m] = cost6((uint64_t)m);
    ky_game g6 = {6, c6};
    CU_ASSERT_EQUAL_FATAL(ky_nucleolus(&g6, x6, NULL), KY_OK);
    ky_core_violation v[4];
    int nv = -1;
    bool eff = false;
    CU_ASSERT_EQUAL(ky_core_check(&g6, x6, 1e-7, v, 4, &nv, &eff), KY_OK);
    CU_ASSERT_EQUAL(nv, 0);
    CU_ASSERT_TRUE(eff);
}

int ky_test_suite_alloc(void)
{
    static const ky_test_case cases[] = {
        {"shapley_exact_matches_hand_values", shapley_exact_matches_hand_values},
        {"sampled_shapley_lies_within_its_interval",
         sampled_shapley_lies_within_its_interval},
        {"least_core_and_core_check_on_known_games",
         least_core_and_core_check_on_known_games},
        {"nucleolus_of_known_games", nucleolus_of_known_games},
        {NULL, NULL}};
    return ky_test_register("alloc", cases);
}
