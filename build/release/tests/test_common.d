build/release/tests/test_common.o: tests/test_common.c include/kyodo.h \
 include/kyodo/common.h include/kyodo/afile.h include/kyodo/common.h \
 include/kyodo/scenario.h include/kyodo/load.h include/kyodo/scenario.h \
 include/kyodo/matrix.h include/kyodo/rng.h include/kyodo/route.h \
 include/kyodo/matrix.h include/kyodo/import.h include/kyodo/cli.h \
 tests/testutil.h build/release/gen/suites.h
include/kyodo.h:
include/kyodo/common.h:
include/kyodo/afile.h:
include/kyodo/common.h:
include/kyodo/scenario.h:
include/kyodo/load.h:
include/kyodo/scenario.h:
include/kyodo/matrix.h:
include/kyodo/rng.h:
include/kyodo/route.h:
include/kyodo/matrix.h:
include/kyodo/import.h:
include/kyodo/cli.h:
tests/testutil.h:
build/release/gen/suites.h:
