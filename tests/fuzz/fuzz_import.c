/* libFuzzer harness for the benchmark importers (Solomon and Li & Lim
 * text formats): the first byte picks the format, the rest is the file.
 *
 *   make fuzz && mkdir -p build/fuzz/corpus-import &&
 *   build/fuzz/fuzz_import -max_total_time=60 build/fuzz/corpus-import tests/data/
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "kyodo.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    char path[] = "/tmp/kyodo-fuzz-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "wb");
    if (f == NULL) {
        close(fd);
        unlink(path);
        return 0;
    }
    fwrite(data + 1, 1, size - 1, f);
    fclose(f);
    ky_scenario *s = NULL;
    ky_error err;
    ky_error_init(&err);
    ky_import_file(&s, (data[0] & 1) ? KY_IMPORT_LILIM : KY_IMPORT_SOLOMON,
                   path, NULL, &err);
    ky_scenario_free(s);
    unlink(path);
    return 0;
}
