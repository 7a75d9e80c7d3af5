/* kyodo rng: xoshiro256** seeded through splitmix64, passed by pointer.
 *
 * The same seed gives the same sequence on every platform and compiler:
 * bounded integers use rejection (no modulo bias) and shuffles are our own
 * Fisher-Yates. No global state; copy the struct to fork a stream. */
#ifndef KYODO_RNG_H
#define KYODO_RNG_H

#include <stdint.h>

typedef struct ky_rng {
    uint64_t s[4];
} ky_rng;

void ky_rng_seed(ky_rng *r, uint64_t seed);
uint64_t ky_rng_next(ky_rng *r);
/* Uniform integer in [0, n); n > 0. */
uint64_t ky_rng_below(ky_rng *r, uint64_t n);
/* Uniform double in [0, 1). */
double ky_rng_unit(ky_rng *r);
/* Shuffles a[0..n-1]. */
void ky_rng_shuffle(ky_rng *r, int32_t *a, int32_t n);

#endif
