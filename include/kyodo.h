/* kyodo: shared delivery routes and consolidated pickups for a cluster of
 * manufacturers. This umbrella header includes every public module. */
#ifndef KYODO_H
#define KYODO_H

#include "kyodo/common.h"
#include "kyodo/afile.h"
#include "kyodo/scenario.h"
#include "kyodo/load.h"
#include "kyodo/matrix.h"
#include "kyodo/rng.h"
#include "kyodo/route.h"
#include "kyodo/heuristic.h"
#include "kyodo/milp.h"
#include "kyodo/alloc.h"
#include "kyodo/solve.h"
#include "kyodo/plan.h"
#include "kyodo/coalition.h"
#include "kyodo/study.h"
#include "kyodo/colgen.h"
#include "kyodo/write.h"
#include "kyodo/check.h"
#include "kyodo/sha256.h"
#include "kyodo/import.h"
#include "kyodo/cli.h"

#endif
