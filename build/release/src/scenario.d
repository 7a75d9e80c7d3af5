build/release/src/scenario.o: src/scenario.c include/kyodo/scenario.h \
 include/kyodo/common.h
include/kyodo/scenario.h:
include/kyodo/common.h:
