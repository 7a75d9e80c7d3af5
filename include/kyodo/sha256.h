/* kyodo sha256: SHA-256 (FIPS 180-4) of files, so every plan names the
 * exact input it was made from. */
#ifndef KYODO_SHA256_H
#define KYODO_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct ky_sha256 {
    uint32_t h[8];
    uint64_t bytes;
    uint8_t buf[64];
    size_t used;
} ky_sha256;

void ky_sha256_init(ky_sha256 *c);
void ky_sha256_update(ky_sha256 *c, const void *data, size_t n);
/* Writes 64 lowercase hex digits and a NUL to hex. */
void ky_sha256_final(ky_sha256 *c, char hex[65]);
/* Hash of a whole file; KY_OK or KY_EIO. */
int ky_sha256_file(const char *path, char hex[65]);

#endif
