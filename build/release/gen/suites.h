KY_SUITE(common)
KY_SUITE(route)
