# kyodo: one non-recursive makefile.
#
#   make            libkyodo.a and kyodo            (build/release/)
#   make run        plans the main sample into out/ and prints its summary
#   make test       CUnit suites and CLI end-to-end tests
#   make check      the same suite built with ASan + UBSan (build/check/)
#   make bench      the public benchmark sets (BENCH_SECONDS per instance)
#   make install    PREFIX=/usr/local DESTDIR=
#   make clean
#
# `make run` and `make test` first install missing Debian packages
# (tools/deps.sh; needs root, says so otherwise). WERROR=1 adds -Werror.

MODE    ?= release
# V=1 shows every command.
ifeq ($(V),1)
Q       :=
else
Q       := @
endif
BUILD   := build/$(MODE)
GEN     := $(BUILD)/gen
PREFIX  ?= /usr/local

CC      ?= cc
CFLAGS  ?= -O2 -g
WARN    := -std=c11 -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes
ifeq ($(WERROR),1)
WARN    += -Werror
endif
ifeq ($(MODE),check)
SAN     := -fsanitize=address,undefined -fno-sanitize-recover=all \
           -fno-omit-frame-pointer
CFLAGS  := -O1 -g
endif

PKGS        := libxml-2.0
XML_CFLAGS   = $(shell pkg-config --cflags libxml-2.0 2>/dev/null)
XML_LIBS     = $(shell pkg-config --libs libxml-2.0 2>/dev/null || echo -lxml2)
CUNIT_LIBS   = $(shell pkg-config --libs cunit 2>/dev/null || echo -lcunit)
# Debian 12 ships no glpk.pc.
GLPK_LIBS   ?= -lglpk

ALL_CPPFLAGS = -Iinclude -I$(GEN) -D_POSIX_C_SOURCE=200809L $(XML_CFLAGS) \
               $(CPPFLAGS)
ALL_CFLAGS   = $(WARN) $(CFLAGS) $(SAN)
LDLIBS_ALL   = $(GLPK_LIBS) $(XML_LIBS) -lm -lpthread $(LDLIBS)

LIB_SRC   := $(sort $(wildcard src/*.c)) src/cli/cli.c src/cli/compare.c \
             src/cli/pool.c src/cli/study.c
LIB_OBJ   := $(patsubst %.c,$(BUILD)/%.o,$(LIB_SRC)) \
             $(GEN)/scenario_xsd.o $(GEN)/plan_xsd.o $(GEN)/study_xsd.o
TEST_SRC  := $(sort $(wildcard tests/*.c))
TEST_OBJ  := $(patsubst %.c,$(BUILD)/%.o,$(TEST_SRC))
SUITES    := $(patsubst tests/test_%.c,%,$(wildcard tests/test_*.c))

LIB       := $(BUILD)/libkyodo.a
BIN       := $(BUILD)/kyodo
TESTBIN   := $(BUILD)/kyodo-tests

.PHONY: all run test check bench deps clean install headers
.SECONDARY:
all: $(LIB) $(BIN) kyodo

# ./kyodo is the release binary, for convenience in docs and scripts.
kyodo: $(BIN)
ifeq ($(MODE),release)
	@cp $(BIN) kyodo.tmp && mv -f kyodo.tmp kyodo
endif

$(LIB): $(LIB_OBJ)
	@rm -f $@
	@echo "  AR    $@"
	$(Q)$(AR) rcs $@ $^

$(BIN): $(BUILD)/src/cli/main.o $(LIB)
	@echo "  LINK  $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS_ALL)

$(BUILD)/%.o: %.c
	@mkdir -p $(dir $@)
	@echo "  CC    $<"
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -MMD -MP -c -o $@ $<

# The schemas are compiled into the library: an installed kyodo needs no
# data files.
$(BUILD)/embed: tools/embed.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -O1 -o $@ $<

$(GEN)/%_xsd.c: models/%.xsd $(BUILD)/embed
	@mkdir -p $(dir $@)
	$(BUILD)/embed $< ky_$*_xsd > $@.tmp && mv $@.tmp $@

$(GEN)/%.o: $(GEN)/%.c
	$(Q)$(CC) $(ALL_CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

# Test suites register themselves through a generated table.
$(GEN)/suites.h: $(TEST_SRC) Makefile
	@mkdir -p $(dir $@)
	@{ for s in $(SUITES); do echo "KY_SUITE($$s)"; done; } > $@.tmp
	@cmp -s $@.tmp $@ && rm -f $@.tmp || mv $@.tmp $@

$(TEST_OBJ): $(GEN)/suites.h

$(TESTBIN): $(TEST_OBJ) $(LIB)
	@echo "  LINK  $@"
	$(Q)$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $^ $(CUNIT_LIBS) $(LDLIBS_ALL)

# A shim that makes fsync/write fail, for tests/cli.sh (never installed).
$(BUILD)/failio.so: tests/shim/failio.c
	@mkdir -p $(dir $@)
	$(Q)$(CC) -shared -fPIC -O1 -o $@ $< -ldl

deps:
	@sh tools/deps.sh

run: deps
	@$(MAKE) --no-print-directory all
	./kyodo plan samples/enshu-cluster.xml -o out/
	./kyodo check samples/enshu-cluster.xml out/

test: deps
	@$(MAKE) --no-print-directory $(BIN) $(TESTBIN) $(BUILD)/failio.so
	$(TESTBIN)
	sh tests/cli.sh $(BIN) $(BUILD)/failio.so

check: deps
	@$(MAKE) --no-print-directory MODE=check test-run

.PHONY: test-run
test-run: $(BIN) $(TESTBIN) $(BUILD)/failio.so
	ASAN_OPTIONS=detect_leaks=1 $(TESTBIN)
	ASAN_OPTIONS=detect_leaks=1:verify_asan_link_order=0 \
	  sh tests/cli.sh $(BIN) $(BUILD)/failio.so

# Each public header compiles alone with -Wpedantic -Werror.
headers:
	@for h in include/kyodo.h include/kyodo/*.h; do \
	  echo "#include \"$${h#include/}\"" | \
	  $(CC) -std=c11 -Wall -Wextra -Wpedantic -Werror -Iinclude \
	    -D_POSIX_C_SOURCE=200809L -fsyntax-only -x c - || exit 1; done

# Sizes the compact MILP proves optimal within EXACT_SECONDS (README).
EXACT_SECONDS ?= 10
$(BUILD)/exact-sizes: tools/exact_sizes.c $(BUILD)/tests/gen.o $(LIB)
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

.PHONY: exact-sizes
exact-sizes: $(BUILD)/exact-sizes
	$(BUILD)/exact-sizes $(EXACT_SECONDS)

# A generated scenario of LARGE_SHIPMENTS shipments, planned within
# LARGE_SECONDS: wall time against the limit, peak memory, check.
LARGE_SHIPMENTS ?= 1000
LARGE_VEHICLES  ?= 120
LARGE_SECONDS   ?= 30
$(BUILD)/gen-scenario: tools/gen_scenario.c $(BUILD)/tests/gen.o $(LIB)
	$(Q)$(CC) $(ALL_CPPFLAGS) -Itests $(ALL_CFLAGS) -o $@ $^ $(LDLIBS_ALL)

# Proofs of optimality and certified bounds: Solomon cut to 8, 25 and 50
# customers, and whole, and Li & Lim's clustered instances cut to 10
# pairs (tools/bench_exact.sh); about 65 minutes.
.PHONY: bench-exact
bench-exact: deps
	@$(MAKE) --no-print-directory all
	sh tools/bench_exact.sh 8 10
	sh tools/bench_exact.sh 25 10
	sh tools/bench_exact.sh 50 60 '^(c1|r1|rc1)'
	sh tools/bench_exact.sh 100 60
	sh tools/bench_exact.sh --lilim 10 10 '^lc'

.PHONY: bench-large
bench-large: deps
	@$(MAKE) --no-print-directory all $(BUILD)/gen-scenario
	sh tools/bench_large.sh $(BUILD)/gen-scenario $(LARGE_SHIPMENTS) \
	  $(LARGE_VEHICLES) $(LARGE_SECONDS)

# Fuzzers (clang's libFuzzer), outside make test:
#   make fuzz && mkdir -p build/fuzz/corpus &&
#   build/fuzz/fuzz_load -max_total_time=60 build/fuzz/corpus samples/ tests/data/
# libFuzzer adds new inputs to the first directory only.
FUZZ_CC     ?= clang
FUZZ_FLAGS  := -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude \
               -I$(BUILD)/gen -D_POSIX_C_SOURCE=200809L $(XML_CFLAGS)
FUZZ_SRC    := $(sort $(wildcard src/*.c)) $(GEN)/scenario_xsd.c $(GEN)/plan_xsd.c
.PHONY: fuzz
fuzz: build/fuzz/fuzz_load build/fuzz/fuzz_import
build/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(FUZZ_SRC)
	@mkdir -p $(dir $@)
	$(FUZZ_CC) $(FUZZ_FLAGS) -o $@ $< $(FUZZ_SRC) $(LDLIBS_ALL)

BENCH_SECONDS ?= 10
bench: deps
	@$(MAKE) --no-print-directory all $(BUILD)/gen-scenario
	sh tools/bench.sh $(BENCH_SECONDS)
	sh tools/bench_large.sh $(BUILD)/gen-scenario $(LARGE_SHIPMENTS) \
	  $(LARGE_VEHICLES) $(LARGE_SECONDS)

install: all
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/lib \
	  $(DESTDIR)$(PREFIX)/include/kyodo $(DESTDIR)$(PREFIX)/lib/pkgconfig
	install -m 755 $(BIN) $(DESTDIR)$(PREFIX)/bin/kyodo
	install -m 644 $(LIB) $(DESTDIR)$(PREFIX)/lib/libkyodo.a
	install -m 644 include/kyodo.h $(DESTDIR)$(PREFIX)/include/
	install -m 644 include/kyodo/*.h $(DESTDIR)$(PREFIX)/include/kyodo/
	sed -e 's|@PREFIX@|$(PREFIX)|' tools/kyodo.pc.in \
	  > $(DESTDIR)$(PREFIX)/lib/pkgconfig/kyodo.pc

clean:
	rm -rf build kyodo out

-include $(shell find build -name '*.d' 2>/dev/null)
