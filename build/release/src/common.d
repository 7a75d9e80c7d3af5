build/release/src/common.o: src/common.c include/kyodo/common.h
include/kyodo/common.h:
