build/release/src/afile.o: src/afile.c include/kyodo/afile.h \
 include/kyodo/common.h
include/kyodo/afile.h:
include/kyodo/common.h:
