/* kyodo common: error collector, context, allocation helpers, clock.
 * No global state: everything is reached through arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kyodo/common.h"

const char *ky_strerror(int code)
{
    switch (code) {
    case KY_OK: return "success";
    case KY_ENOMEM: return "out of memory";
    case KY_EIO: return "input/output error";
    case KY_EINPUT: return "invalid input";
    case KY_ELIMIT: return "input exceeds a size limit";
    case KY_ECANCELED: return "cancelled";
    case KY_EINTERNAL: return "internal error";
    default: return "unknown error";
    }
}

void ky_error_init(ky_error *err)
{
    if (err == NULL)
        return;
    err->n = 0;
    err->n_dropped = 0;
}

int ky_error_addv(ky_error *err, int code, const char *file, int line,
                  const char *fmt, va_list ap)
{
    if (err == NULL)
        return code;
    if (err->n >= KY_ERROR_MAX) {
        err->n_dropped++;
        return code;
    }
    ky_diag *d = &err->items[err->n++];
    d->code = code;
    d->line = line > 0 ? line : 0;
    snprintf(d->file, sizeof d->file, "%s", file ? file : "");
    vsnprintf(d->msg, sizeof d->msg, fmt, ap);
    return code;
}

int ky_error_add(ky_error *err, int code, const char *file, int line,
                 const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    ky_error_addv(err, code, file, line, fmt, ap);
    va_end(ap);
    return code;
}

int ky_error_count(const ky_error *err)
{
    return err ? err->n + err->n_dropped : 0;
}

const char *ky_error_format(const ky_error *err, int i, char *buf,
                            size_t size)
{
    if (size == 0)
        return buf;
    buf[0] = '\0';
    if (err == NULL || i < 0 || i >= err->n)
        return buf;
    const ky_diag *d = &err->items[i];
    if (d->file[0] && d->line > 0)
        snprintf(buf, size, "%s:%d: %s", d->file, d->line, d->msg);
    else if (d->file[0])
        snprintf(buf, size, "%s: %s", d->file, d->msg);
    else
        snprintf(buf, size, "%s", d->msg);
    return buf;
}

void ky_ctx_init(ky_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
    ctx->log_level = KY_LOG_INFO;
}

bool ky_ctx_cancelled(const ky_ctx *ctx)
{
    return ctx && ctx->cancel && *ctx->cancel;
}

void ky_log(const ky_ctx *ctx, int level, const char *fmt, ...)
{
    if (ctx == NULL || ctx->log == NULL || level > ctx->log_level)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ctx->log(ctx->log_ud, level, msg);
}

void *ky_malloc(const ky_ctx *ctx, size_t size)
{
    if (size == 0)
        size = 1;
    if (ctx && ctx->alloc)
        return ctx->alloc(ctx->alloc_ud, NULL, size);
    return malloc(size);
}

void *ky_calloc(const ky_ctx *ctx, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    void *p = ky_malloc(ctx, n * size);
    if (p)
        memset(p, 0, n * size);
    return p;
}

void *ky_reallocarray(const ky_ctx *ctx, void *ptr, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size)
        return NULL;
    size_t bytes = n * size;
    if (bytes == 0)
        bytes = 1;
    if (ctx && ctx->alloc)
        return ctx->alloc(ctx->alloc_ud, ptr, bytes);
    return realloc(ptr, bytes);
}

void ky_free(const ky_ctx *ctx, void *ptr)
{
    if (ptr == NULL)
        return;
    if (ctx && ctx->alloc)
        ctx->alloc(ctx->alloc_ud, ptr, 0);
    else
        free(ptr);
}

char *ky_strdup(const ky_ctx *ctx, const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *p = ky_malloc(ctx, n);
    if (p)
        memcpy(p, s, n);
    return p;
}

const char *ky_fmt_num(double x, int decimals, char *buf, size_t size)
{
    if (size == 0)
        return buf;
    if (x != x) /* NaN never reaches an output; be safe anyway */
        x = 0.0;
    if (decimals < 0)
        decimals = 0;
    if (decimals > 12)
        decimals = 12;
    snprintf(buf, size, "%.*f", decimals, x);
    char *dot = strchr(buf, '.');
    if (dot) {
        char *end = buf + strlen(buf) - 1;
        while (end > dot && *end == '0')
            *end-- = '\0';
        if (end == dot)
            *end = '\0';
    }
    if (strcmp(buf, "-0") == 0)
        snprintf(buf, size, "0");
    return buf;
}

double ky_clock_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}
