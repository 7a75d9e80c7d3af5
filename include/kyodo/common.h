/* kyodo common definitions: version, return codes, the caller-owned error
 * collector, the context (logging, allocation hook, cancellation) and the
 * small allocation helpers every module uses.
 *
 * Invariants: the library never prints, exits or aborts. Fallible functions
 * return KY_OK (0) or a negative KY_E* code and describe the problem in a
 * caller-owned ky_error. Nothing here holds mutable global state, so several
 * plans can run in parallel threads, each with its own ky_ctx. */
#ifndef KYODO_COMMON_H
#define KYODO_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KY_VERSION "0.1.0"

/* Return codes. */
enum {
    KY_OK = 0,
    KY_ENOMEM = -1,    /* an allocation failed */
    KY_EIO = -2,       /* a file could not be read or written */
    KY_EINPUT = -3,    /* the input is invalid; details in ky_error */
    KY_ELIMIT = -4,    /* an input exceeds a documented size limit */
    KY_ECANCELED = -5, /* the caller asked to stop */
    KY_EINTERNAL = -6  /* a bug or a third-party failure */
};

/* Returns a short constant description of a KY_E* code. */
const char *ky_strerror(int code);

/* ---- error collector ------------------------------------------------ */

#define KY_ERROR_MAX 64      /* diagnostics kept; later ones are counted */
#define KY_ERROR_FILE_LEN 256
#define KY_ERROR_MSG_LEN 320

typedef struct ky_diag {
    int code;                     /* KY_E* */
    int line;                     /* 1-based, 0 when unknown */
    char file[KY_ERROR_FILE_LEN]; /* "" when unknown */
    char msg[KY_ERROR_MSG_LEN];
} ky_diag;

/* A caller-owned list of diagnostics. Parsers add to it and keep going so
 * users see every error at once. Declare one, call ky_error_init, pass its
 * address down; no allocation is involved, so reporting never fails. */
typedef struct ky_error {
    int n;         /* diagnostics stored, <= KY_ERROR_MAX */
    int n_dropped; /* diagnostics not stored because the list was full */
    ky_diag items[KY_ERROR_MAX];
} ky_error;

void ky_error_init(ky_error *err);
/* Adds a diagnostic; file may be NULL, line 0. err may be NULL (ignored).
 * Returns code, so callers can write `return ky_error_add(...)`. */
int ky_error_add(ky_error *err, int code, const char *file, int line,
                 const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;
int ky_error_addv(ky_error *err, int code, const char *file, int line,
                  const char *fmt, va_list ap);
/* Total number of diagnostics reported, stored or dropped. */
int ky_error_count(const ky_error *err);
/* Formats item i as "file:line: message" (or without the parts that are
 * unknown) into buf; returns buf. */
const char *ky_error_format(const ky_error *err, int i, char *buf,
                            size_t size);

/* ---- context ---------------------------------------------------------- */

enum { KY_LOG_ERROR = 0, KY_LOG_WARN = 1, KY_LOG_INFO = 2, KY_LOG_DEBUG = 3 };

typedef void (*ky_log_fn)(void *ud, int level, const char *msg);
/* realloc-like hook: size 0 frees ptr and returns NULL. */
typedef void *(*ky_alloc_fn)(void *ud, void *ptr, size_t size);

/* Everything the library needs from its caller. A zeroed struct (or
 * ky_ctx_init) means: silent, malloc-based, never cancelled. The caller
 * keeps it alive during any call that received it. */
typedef struct ky_ctx {
    ky_log_fn log;    /* NULL: silent */
    void *log_ud;
    int log_level;    /* messages above this level are not produced */
    ky_alloc_fn alloc; /* NULL: the C library */
    void *alloc_ud;
    /* When non-NULL and *cancel becomes non-zero, long computations stop
     * at the next check and return what they have. Written by a signal
     * handler, so volatile int (sig_atomic_t is an int on every platform
     * kyodo supports). */
    volatile int *cancel;
} ky_ctx;

void ky_ctx_init(ky_ctx *ctx);
bool ky_ctx_cancelled(const ky_ctx *ctx);
void ky_log(const ky_ctx *ctx, int level, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Allocation through the context hook; ctx may be NULL. ky_calloc and
 * ky_reallocarray check n * size for overflow and return NULL on it. */
void *ky_malloc(const ky_ctx *ctx, size_t size);
void *ky_calloc(const ky_ctx *ctx, size_t n, size_t size);
void *ky_reallocarray(const ky_ctx *ctx, void *ptr, size_t n, size_t size);
void ky_free(const ky_ctx *ctx, void *ptr);
char *ky_strdup(const ky_ctx *ctx, const char *s);

/* Formats x in plain decimal notation (never an exponent, so it is a valid
 * xs:decimal and JSON number) with at most `decimals` digits after the
 * point, trailing zeros removed; "-0" becomes "0". Returns buf. */
const char *ky_fmt_num(double x, int decimals, char *buf, size_t size);

/* Monotonic clock in seconds, for stop tests only. */
double ky_clock_now(void);

#endif
