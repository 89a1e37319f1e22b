#pragma once

// Catch2 2.x (Debian 12) ships one header; Catch2 3.x (Debian 13, Ubuntu
// 24.04) splits it. The tests use only what both versions offer.
#if __has_include(<catch2/catch_test_macros.hpp>)
#include <catch2/catch_test_macros.hpp>
#else
#include <catch2/catch.hpp>
#endif
