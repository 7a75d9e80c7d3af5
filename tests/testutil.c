/* Shared helpers for the CUnit suites. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <CUnit/CUnit.h>

#include "testutil.h"

int ky_test_register(const char *suite, const ky_test_case *cases)
{
    CU_pSuite s = CU_add_suite(suite, NULL, NULL);
    if (s == NULL)
        return -1;
    for (const ky_test_case *c = cases; c->name; c++)
        if (CU_add_test(s, c->name, c->fn) == NULL)
            return -1;
    return 0;
}

const char *ky_test_data(const char *name, char *buf, size_t size)
{
    const char *dir = getenv("KY_TEST_DATA");
    snprintf(buf, size, "%s/%s", dir ? dir : "tests/data", name);
    return buf;
}

const char *ky_test_tmpdir(char *buf, size_t size)
{
    const char *base = getenv("TMPDIR");
    snprintf(buf, size, "%s/kyodo-test-XXXXXX", base ? base : "/tmp");
    if (mkdtemp(buf) == NULL)
        buf[0] = '\0';
    return buf;
}

void ky_test_rmtree(const char *path)
{
    if (path == NULL || path[0] == '\0' || strstr(path, "kyodo-test-") == NULL)
        return;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", path);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", path);
}

char *ky_test_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n - 1, f)) > 0) {
        n += got;
        if (cap - n - 1 == 0) {
            char *nb = realloc(buf, cap * 2);
            if (nb == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = n;
    }
    return buf;
}

int ky_test_write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL)
        return -1;
    size_t n = strlen(text);
    int ok = fwrite(text, 1, n, f) == n;
    return (fclose(f) == 0 && ok) ? 0 : -1;
}

int ky_test_solve_write(const ky_scenario *s, const ky_solve_options *so,
                        const char *dir, ky_test_solved *x, ky_error *e)
{
    ky_write_meta meta = {"generated", "00000000000000000000000000000000"
                                       "00000000000000000000000000000000"};
    memset(x, 0, sizeof *x);
    int rc = s ? ky_matrix_new(&x->m, s, NULL) : KY_EINTERNAL;
    if (rc == KY_OK)
        rc = ky_problem_new(&x->p, s, x->m, NULL, e);
    if (rc == KY_OK)
        rc = ky_solve(&x->res, x->p, so, NULL);
    if (rc == KY_OK)
        rc = ky_plan_new(&x->plan, x->p, x->res, KY_OBJ_COST, so->seed, NULL);
    if (rc == KY_OK)
        rc = ky_write_plan(x->plan, dir, &meta, NULL, e);
    return rc;
}

bool ky_test_solve_checked(const ky_scenario *s, const ky_solve_options *so,
                           const char *dir, ky_test_solved *x)
{
    ky_error e;
    ky_error_init(&e);
    char tmp[256];
    if (dir == NULL)
        dir = ky_test_tmpdir(tmp, sizeof tmp);
    ky_check_report rep;
    memset(&rep, 0, sizeof rep);
    int rc = ky_test_solve_write(s, so, dir, x, &e);
    if (rc == KY_OK)
        rc = ky_check_plan_dir(&rep, s, x->m, dir, NULL, &e);
    if (dir == tmp)
        ky_test_rmtree(tmp);
    CU_ASSERT_EQUAL(rc, KY_OK);
    CU_ASSERT_EQUAL(rep.violations, 0);
    return rc == KY_OK;
}

void ky_test_solved_free(ky_test_solved *x)
{
    ky_plan_free(x->plan);
    ky_solve_result_free(x->res);
    ky_problem_free(x->p);
    ky_matrix_free(x->m);
    memset(x, 0, sizeof *x);
}

ky_scenario *ky_test_load(const char *name)
{
    char path[512];
    ky_scenario *s = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_load_file(&s, ky_test_data(name, path, sizeof path),
                                 NULL, &e),
                    KY_OK);
    return s;
}

ky_scenario *ky_test_save_load(const ky_scenario *s)
{
    char dir[256], path[300];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/s.xml", dir);
    ky_scenario *t = NULL;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_scenario_save(s, path, NULL, &e), KY_OK);
    CU_ASSERT_EQUAL(ky_load_file(&t, path, NULL, &e), KY_OK);
    ky_test_rmtree(dir);
    return t;
}
