#pragma once

// Catch2 2.x (Debian 12) ships one header; Catch2 3.x (Debian 13, Ubuntu
// 24.04) splits it. The tests include this file only: it brings what they use
// in either version, the test macros and the generators (GENERATE, as, table,
// from_range). A test that needs more of Catch2 adds its 3.x header here.
#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_test_macros.hpp>
#include <catch2/generators/catch_generators_all.hpp>
#else
#include <catch2/catch.hpp>
#endif
