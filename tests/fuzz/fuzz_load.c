/* libFuzzer harness for the scenario loader: any bytes must give a
 * scenario or a clean error, never a crash, leak or undefined behaviour.
 *
 *   make fuzz && mkdir -p build/fuzz/corpus &&
 *   build/fuzz/fuzz_load -max_total_time=60 build/fuzz/corpus samples/ tests/data/
 *
 * libFuzzer writes new inputs into the first directory only.
 */
#include <stddef.h>
#include <stdint.h>

#include <libxml/parser.h>

#include "kyodo.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    xmlInitParser();
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ky_scenario *s = NULL;
    ky_error err;
    ky_error_init(&err);
    if (ky_load_memory(&s, (const char *)data, size, "fuzz.xml", NULL,
                       &err) == KY_OK) {
        /* A scenario that loads must also survive the solver's view. */
        ky_matrix *m = NULL;
        ky_problem *p = NULL;
        if (s->n_locations <= 200 && ky_matrix_new(&m, s, NULL) == KY_OK)
            ky_problem_new(&p, s, m, NULL, &err);
        ky_problem_free(p);
        ky_matrix_free(m);
    }
    ky_scenario_free(s);
    return 0;
}
