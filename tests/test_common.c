/* Tests of the common module: error collector, clock parsing, allocation
 * helpers, atomic files. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kyodo.h"
#include "testutil.h"

static void error_list_keeps_first_entries_and_counts_the_rest(void)
{
    ky_error e;
    ky_error_init(&e);
    for (int i = 0; i < KY_ERROR_MAX + 5; i++)
        ky_error_add(&e, KY_EINPUT, "f.xml", i + 1, "problem %d", i);
    CU_ASSERT_EQUAL(e.n, KY_ERROR_MAX);
    CU_ASSERT_EQUAL(e.n_dropped, 5);
    CU_ASSERT_EQUAL(ky_error_count(&e), KY_ERROR_MAX + 5);
    char buf[512];
    CU_ASSERT_STRING_EQUAL(ky_error_format(&e, 2, buf, sizeof buf),
                           "f.xml:3: problem 2");
}

static void error_format_omits_unknown_file_and_line(void)
{
    ky_error e;
    ky_error_init(&e);
    ky_error_add(&e, KY_EIO, NULL, 0, "plain");
    ky_error_add(&e, KY_EIO, "a.xml", 0, "no line");
    char buf[512];
    CU_ASSERT_STRING_EQUAL(ky_error_format(&e, 0, buf, sizeof buf), "plain");
    CU_ASSERT_STRING_EQUAL(ky_error_format(&e, 1, buf, sizeof buf),
                           "a.xml: no line");
}

static void clock_parses_hours_past_midnight_and_seconds(void)
{
    double m;
    CU_ASSERT_TRUE(ky_parse_clock("08:30", &m));
    CU_ASSERT_DOUBLE_EQUAL(m, 510.0, 1e-9);
    CU_ASSERT_TRUE(ky_parse_clock("56:30", &m));
    CU_ASSERT_DOUBLE_EQUAL(m, 3390.0, 1e-9);
    CU_ASSERT_TRUE(ky_parse_clock("0:00:30", &m));
    CU_ASSERT_DOUBLE_EQUAL(m, 0.5, 1e-9);
    CU_ASSERT_FALSE(ky_parse_clock("8:5", &m));
    CU_ASSERT_FALSE(ky_parse_clock("08:60", &m));
    CU_ASSERT_FALSE(ky_parse_clock("08:00x", &m));
    CU_ASSERT_FALSE(ky_parse_clock("", &m));
    char buf[32];
    CU_ASSERT_STRING_EQUAL(ky_format_clock(510.0, buf, sizeof buf), "08:30");
    CU_ASSERT_STRING_EQUAL(ky_format_clock(510.5, buf, sizeof buf),
                           "08:30:30");
}

static void calloc_refuses_overflowing_sizes(void)
{
    CU_ASSERT_PTR_NULL(ky_calloc(NULL, SIZE_MAX / 2, 4));
    CU_ASSERT_PTR_NULL(ky_reallocarray(NULL, NULL, SIZE_MAX / 2, 4));
}

static void afile_commit_replaces_target_and_abort_leaves_nothing(void)
{
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    CU_ASSERT_FATAL(dir[0] != '\0');
    snprintf(path, sizeof path, "%s/out.txt", dir);
    CU_ASSERT_EQUAL(ky_test_write_file(path, "old"), 0);

    ky_afile *f;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL_FATAL(ky_afile_open(&f, path, NULL, &e), KY_OK);
    ky_afile_puts(f, "a,b");
    ky_afile_puts_csv(f, "x,\"y\"");
    /* Until commit, readers still see the old file. */
    char *text = ky_test_read_file(path, NULL);
    CU_ASSERT_STRING_EQUAL(text, "old");
    free(text);
    CU_ASSERT_EQUAL(ky_afile_commit(f, &e), KY_OK);
    text = ky_test_read_file(path, NULL);
    CU_ASSERT_STRING_EQUAL(text, "a,b\"x,\"\"y\"\"\"");
    free(text);

    CU_ASSERT_EQUAL_FATAL(ky_afile_open(&f, path, NULL, &e), KY_OK);
    ky_afile_puts(f, "new");
    ky_afile_abort(f);
    text = ky_test_read_file(path, NULL);
    CU_ASSERT_STRING_EQUAL(text, "a,b\"x,\"\"y\"\"\"");
    free(text);
    ky_test_rmtree(dir);
}

static void afile_open_in_missing_folder_fails_with_message(void)
{
    ky_afile *f = (ky_afile *)1;
    ky_error e;
    ky_error_init(&e);
    CU_ASSERT_EQUAL(ky_afile_open(&f, "/nonexistent-dir/x/plan.xml", NULL,
                                  &e), KY_EIO);
    CU_ASSERT_PTR_NULL(f);
    CU_ASSERT_EQUAL(e.n, 1);
    CU_ASSERT_PTR_NOT_NULL(strstr(e.items[0].msg, "cannot create"));
}

static void escapes_xml_json_and_csv(void)
{
    char dir[256], path[512];
    ky_test_tmpdir(dir, sizeof dir);
    snprintf(path, sizeof path, "%s/esc.txt", dir);
    ky_afile *f;
    CU_ASSERT_EQUAL_FATAL(ky_afile_open(&f, path, NULL, NULL), KY_OK);
    ky_afile_puts_xml(f, "a<b&\"c\"");
    ky_afile_puts(f, "|");
    ky_afile_puts_json(f, "q\"\\\n\x01");
    CU_ASSERT_EQUAL(ky_afile_commit(f, NULL), KY_OK);
    char *text = ky_test_read_file(path, NULL);
    CU_ASSERT_STRING_EQUAL(text,
                           "a&lt;b&amp;&quot;c&quot;|\"q\\\"\\\\\\n\\u0001\"");
    free(text);
    ky_test_rmtree(dir);
}

static void numbers_print_without_exponent_or_trailing_zeros(void)
{
    char buf[64];
    CU_ASSERT_STRING_EQUAL(ky_fmt_num(1e6, 4, buf, sizeof buf), "1000000");
    CU_ASSERT_STRING_EQUAL(ky_fmt_num(828.93690, 4, buf, sizeof buf),
                           "828.9369");
    CU_ASSERT_STRING_EQUAL(ky_fmt_num(0.5, 0, buf, sizeof buf), "0");
    CU_ASSERT_STRING_EQUAL(ky_fmt_num(-0.00001, 3, buf, sizeof buf), "0");
    CU_ASSERT_STRING_EQUAL(ky_fmt_num(1e-7, 9, buf, sizeof buf),
                           "0.0000001");
}

int ky_test_suite_common(void)
{
    static const ky_test_case cases[] = {
        {"error_list_keeps_first_entries_and_counts_the_rest",
         error_list_keeps_first_entries_and_counts_the_rest},
        {"error_format_omits_unknown_file_and_line",
         error_format_omits_unknown_file_and_line},
        {"clock_parses_hours_past_midnight_and_seconds",
         clock_parses_hours_past_midnight_and_seconds},
        {"calloc_refuses_overflowing_sizes", calloc_refuses_overflowing_sizes},
        {"afile_commit_replaces_target_and_abort_leaves_nothing",
         afile_commit_replaces_target_and_abort_leaves_nothing},
        {"afile_open_in_missing_folder_fails_with_message",
         afile_open_in_missing_folder_fails_with_message},
        {"escapes_xml_json_and_csv", escapes_xml_json_and_csv},
        {"numbers_print_without_exponent_or_trailing_zeros",
         numbers_print_without_exponent_or_trailing_zeros},
        {NULL, NULL}};
    return ky_test_register("common", cases);
}
