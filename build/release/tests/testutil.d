build/release/tests/testutil.o: tests/testutil.c tests/testutil.h \
 build/release/gen/suites.h
tests/testutil.h:
build/release/gen/suites.h:
