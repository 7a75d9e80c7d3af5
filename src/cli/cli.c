/* kyodo cli: argument parsing and exit codes (work in progress). */
#include <stdio.h>
#include <string.h>

#include "kyodo.h"

int ky_cli_main(int argc, char **argv, FILE *out, FILE *err,
                volatile int *cancel)
{
    (void)cancel;
    if (argc >= 2 && strcmp(argv[1], "--version") == 0) {
        fprintf(out, "kyodo %s\n", KY_VERSION);
        return KY_EXIT_OK;
    }
    fprintf(err, "usage: kyodo COMMAND ...\n");
    return KY_EXIT_USAGE;
}
