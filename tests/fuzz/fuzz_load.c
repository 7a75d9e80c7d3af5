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
        /* and each company's scenario alone (kyodo compare) */
        for (int32_t c = 0; c < s->n_companies && c < 8; c++) {
            ky_scenario *alone = NULL;
            ky_error e2;
            ky_error_init(&e2);
            if (ky_coalition_scenario(&alone, s, UINT64_C(1) << c, NULL,
                                      &e2) == KY_OK)
                ky_scenario_validate(alone, &e2);
            ky_scenario_free(alone);
        }
    }
    ky_scenario_free(s);
    return 0;
}
