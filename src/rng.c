/* kyodo rng: xoshiro256** (Blackman & Vigna, 2018) with splitmix64 seeding.
 * Bounded draws mask to the next power of two minus one and reject values
 * out of range, as Lua's math.random does, so there is no modulo bias. */
#include "kyodo/rng.h"

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

void ky_rng_seed(ky_rng *r, uint64_t seed)
{
    uint64_t x = seed;
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

uint64_t ky_rng_next(ky_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

uint64_t ky_rng_below(ky_rng *r, uint64_t n)
{
    if (n <= 1)
        return 0;
    uint64_t lim = n - 1, mask = lim;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    mask |= mask >> 32;
    uint64_t x;
    while ((x = ky_rng_next(r) & mask) > lim)
        ;
    return x;
}

double ky_rng_unit(ky_rng *r)
{
    return (double)(ky_rng_next(r) >> 11) * 0x1.0p-53;
}

void ky_rng_shuffle(ky_rng *r, int32_t *a, int32_t n)
{
    for (int32_t i = n - 1; i > 0; i--) {
        int32_t j = (int32_t)ky_rng_below(r, (uint64_t)i + 1);
        int32_t t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}
