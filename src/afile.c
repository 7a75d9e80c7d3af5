/* kyodo afile: atomic output files (temporary file + fsync + rename).
 * Every write error is sticky: the first errno is kept and reported by
 * ky_afile_commit, which then removes the temporary file. */
#include <errno.h>
#include <stdlib.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "kyodo/afile.h"

struct ky_afile {
    FILE *fp;
    char *path;
    char *tmp;
    int err; /* first errno seen, 0 if none */
    ky_ctx ctx;
};

int ky_afile_open(ky_afile **out, const char *path, const ky_ctx *ctx,
                  ky_error *err)
{
    *out = NULL;
    ky_afile *f = ky_calloc(ctx, 1, sizeof *f);
    if (f == NULL)
        return ky_error_add(err, KY_ENOMEM, path, 0, "out of memory");
    if (ctx)
        f->ctx = *ctx;
    size_t n = strlen(path);
    f->path = ky_strdup(ctx, path);
    f->tmp = ky_malloc(ctx, n + 16);
    if (f->path == NULL || f->tmp == NULL) {
        ky_afile_abort(f);
        return ky_error_add(err, KY_ENOMEM, path, 0, "out of memory");
    }
    /* The temporary name starts with the target's, in the same folder,
     * so rename() stays within one file system. */
    snprintf(f->tmp, n + 16, "%s.tmp-XXXXXX", path);
    int fd = mkstemp(f->tmp);
    if (fd < 0) {
        int e = errno;
        f->tmp[0] = '\0';
        ky_afile_abort(f);
        return ky_error_add(err, KY_EIO, path, 0, "cannot create: %s",
                            strerror(e));
    }
    f->fp = fdopen(fd, "wb");
    if (f->fp == NULL) {
        int e = errno;
        close(fd);
        ky_afile_abort(f);
        return ky_error_add(err, KY_EIO, path, 0, "cannot create: %s",
                            strerror(e));
    }
    *out = f;
    return KY_OK;
}

void ky_afile_write(ky_afile *f, const void *buf, size_t n)
{
    if (f->err || n == 0)
        return;
    if (fwrite(buf, 1, n, f->fp) != n)
        f->err = errno ? errno : EIO;
}

void ky_afile_puts(ky_afile *f, const char *s)
{
    ky_afile_write(f, s, strlen(s));
}

void ky_afile_printf(ky_afile *f, const char *fmt, ...)
{
    if (f->err)
        return;
    va_list ap;
    va_start(ap, fmt);
    if (vfprintf(f->fp, fmt, ap) < 0)
        f->err = errno ? errno : EIO;
    va_end(ap);
}

void ky_afile_puts_xml(ky_afile *f, const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        case '\n': rep = "&#10;"; break;
        case '\t': rep = "&#9;"; break;
        case '\r': rep = "&#13;"; break;
        default: break;
        }
        if (rep) {
            ky_afile_write(f, run, (size_t)(s - run));
            ky_afile_puts(f, rep);
            run = s + 1;
        }
    }
    ky_afile_write(f, run, (size_t)(s - run));
}

void ky_afile_puts_json(ky_afile *f, const char *s)
{
    ky_afile_puts(f, "\"");
    const char *run = s;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\' || c < 0x20) {
            ky_afile_write(f, run, (size_t)(s - run));
            if (c == '"')
                ky_afile_puts(f, "\\\"");
            else if (c == '\\')
                ky_afile_puts(f, "\\\\");
            else if (c == '\n')
                ky_afile_puts(f, "\\n");
            else
                ky_afile_printf(f, "\\u%04x", c);
            run = s + 1;
        }
    }
    ky_afile_write(f, run, (size_t)(s - run));
    ky_afile_puts(f, "\"");
}

void ky_afile_puts_csv(ky_afile *f, const char *s)
{
    if (strpbrk(s, ",\"\r\n") == NULL) {
        ky_afile_puts(f, s);
        return;
    }
    ky_afile_puts(f, "\"");
    for (const char *p = s; *p; p++) {
        if (*p == '"')
            ky_afile_puts(f, "\"\"");
        else
            ky_afile_write(f, p, 1);
    }
    ky_afile_puts(f, "\"");
}

static void afile_release(ky_afile *f)
{
    ky_ctx ctx = f->ctx;
    ky_free(&ctx, f->path);
    ky_free(&ctx, f->tmp);
    ky_free(&ctx, f);
}

static int afile_fail(ky_afile *f, ky_error *err)
{
    int e = f->err;
    if (f->fp)
        fclose(f->fp);
    f->fp = NULL;
    unlink(f->tmp);
    ky_error_add(err, KY_EIO, f->path, 0, "cannot write: %s", strerror(e));
    afile_release(f);
    return KY_EIO;
}

int ky_afile_finish(ky_afile *f, ky_error *err)
{
    if (f->err == 0 && fflush(f->fp) != 0)
        f->err = errno ? errno : EIO;
    if (f->err == 0 && fsync(fileno(f->fp)) != 0)
        f->err = errno ? errno : EIO;
    if (f->err)
        return afile_fail(f, err);
    int rc = fclose(f->fp);
    f->fp = NULL;
    if (rc != 0) {
        f->err = errno ? errno : EIO;
        return afile_fail(f, err);
    }
    return KY_OK;
}

int ky_afile_publish(ky_afile *f, ky_error *err)
{
    if (rename(f->tmp, f->path) != 0) {
        f->err = errno ? errno : EIO;
        return afile_fail(f, err);
    }
    afile_release(f);
    return KY_OK;
}

int ky_afile_commit(ky_afile *f, ky_error *err)
{
    int rc = ky_afile_finish(f, err);
    return rc == KY_OK ? ky_afile_publish(f, err) : rc;
}

void ky_afile_abort(ky_afile *f)
{
    if (f == NULL)
        return;
    if (f->fp)
        fclose(f->fp);
    if (f->tmp && f->tmp[0])
        unlink(f->tmp);
    afile_release(f);
}
