/* Build tool: turns a file into a C array, so schemas are compiled into
 * the library. Usage: embed FILE SYMBOL > out.c */
#include <stdio.h>

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: embed FILE SYMBOL\n");
        return 2;
    }
    FILE *f = fopen(argv[1], "rb");
    if (f == NULL) {
        perror(argv[1]);
        return 1;
    }
    printf("/* Generated from %s by tools/embed; do not edit. */\n", argv[1]);
    printf("#include <stddef.h>\n");
    printf("const char %s[] = {\n", argv[2]);
    int c;
    size_t n = 0;
    while ((c = fgetc(f)) != EOF) {
        /* char may be signed: bytes above 127 (UTF-8) as casts */
        printf(c < 128 ? "%d," : "(char)%d,", c);
        if (++n % 20 == 0)
            printf("\n");
    }
    printf("0};\nconst size_t %s_len = %zu;\n", argv[2], n);
    if (ferror(f)) {
        perror(argv[1]);
        return 1;
    }
    fclose(f);
    return 0;
}
