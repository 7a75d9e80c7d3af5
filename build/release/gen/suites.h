KY_SUITE(common)
