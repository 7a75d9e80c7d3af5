/* Shared helpers for the CUnit suites: paths to test data, temporary
 * folders, reading files. */
#ifndef KY_TESTUTIL_H
#define KY_TESTUTIL_H

#include <stddef.h>

#include <CUnit/CUnit.h>

#include "kyodo.h"

/* Registers a suite with its tests; ends the list with {NULL, NULL}. */
typedef struct {
    const char *name;
    void (*fn)(void);
} ky_test_case;
int ky_test_register(const char *suite, const ky_test_case *cases);

/* tests/data/<name>, in a static-free caller buffer. */
const char *ky_test_data(const char *name, char *buf, size_t size);
/* Creates a fresh temporary directory; returns buf. */
const char *ky_test_tmpdir(char *buf, size_t size);
/* Removes a directory tree made by ky_test_tmpdir (rm -rf). */
void ky_test_rmtree(const char *path);
/* Reads a whole file; caller frees. NULL on failure. */
char *ky_test_read_file(const char *path, size_t *len);
int ky_test_write_file(const char *path, const char *text);
/* Loads tests/data/<name>, asserting it loads; NULL when it does not. */
ky_scenario *ky_test_load(const char *name);
/* Saves s to a temporary file and loads it back, asserting both work;
 * NULL when they do not. */
ky_scenario *ky_test_save_load(const ky_scenario *s);

/* A scenario solved: its matrix, problem, result and plan. */
typedef struct ky_test_solved {
    ky_matrix *m;
    ky_problem *p;
    ky_solve_result *res;
    ky_plan *plan;
} ky_test_solved;

/* Builds s's matrix and problem, solves with so (cost objective) and
 * writes the plan into dir. KY_OK or the first failure; x holds what
 * was built either way (free it with ky_test_solved_free). */
int ky_test_solve_write(const ky_scenario *s, const ky_solve_options *so,
                        const char *dir, ky_test_solved *x, ky_error *e);
void ky_test_solved_free(ky_test_solved *x);
/* As ky_test_solve_write, into dir (kept), or into a temporary folder
 * (removed) when dir is NULL, then kyodo check on it: asserts both work
 * and find no violation. */
bool ky_test_solve_checked(const ky_scenario *s, const ky_solve_options *so,
                           const char *dir, ky_test_solved *x);

/* Prototypes of every suite's registration function. */
#define KY_SUITE(name) int ky_test_suite_##name(void);
#include "suites.h"
#undef KY_SUITE

#endif
