// Unit tests of the connection limit and its slots.
#include "catch.hpp"
#include "connection_limit.hpp"

#include <optional>
#include <utility>
#include <vector>

using http::ConnectionLimit;
using http::ConnectionSlot;

TEST_CASE("slots are given up to the maximum, and refused past it", "[common][connection_limit]") {
    ConnectionLimit limit(3);
    CHECK(limit.open() == 0);
    std::vector<ConnectionSlot> held;
    for (int i = 0; i < 3; ++i) {
        std::optional<ConnectionSlot> slot = limit.try_acquire();
        REQUIRE(slot.has_value());
        held.push_back(std::move(*slot));
    }
    CHECK(limit.open() == 3);
    CHECK_FALSE(limit.try_acquire().has_value());
    CHECK_FALSE(limit.try_acquire().has_value());
    CHECK(limit.open() == 3);
}

TEST_CASE("a destroyed slot frees its place for the next client", "[common][connection_limit]") {
    ConnectionLimit limit(1);
    {
        std::optional<ConnectionSlot> first = limit.try_acquire();
        REQUIRE(first.has_value());
        CHECK_FALSE(limit.try_acquire().has_value());
    }
    CHECK(limit.open() == 0);
    std::optional<ConnectionSlot> second = limit.try_acquire();
    CHECK(second.has_value());
    CHECK(limit.open() == 1);
}

TEST_CASE("a moved-from slot frees nothing when destroyed", "[common][connection_limit]") {
    ConnectionLimit limit(2);
    std::optional<ConnectionSlot> moved_to;
    {
        std::optional<ConnectionSlot> slot = limit.try_acquire();
        REQUIRE(slot.has_value());
        moved_to.emplace(std::move(*slot));
        CHECK(limit.open() == 1);
    }
    CHECK(limit.open() == 1);
    moved_to.reset();
    CHECK(limit.open() == 0);
}

TEST_CASE("assigning a slot over another gives back the place the other held", "[common][connection_limit]") {
    ConnectionLimit limit(2);
    std::optional<ConnectionSlot> a = limit.try_acquire();
    std::optional<ConnectionSlot> b = limit.try_acquire();
    REQUIRE(a.has_value());
    REQUIRE(b.has_value());
    CHECK(limit.open() == 2);
    *a = std::move(*b);
    CHECK(limit.open() == 1);
    b.reset();
    CHECK(limit.open() == 1);
    a.reset();
    CHECK(limit.open() == 0);
}

TEST_CASE("a slot may outlive its limit and is still given back", "[common][connection_limit]") {
    std::optional<ConnectionSlot> slot;
    {
        ConnectionLimit limit(1);
        slot = limit.try_acquire();
        REQUIRE(slot.has_value());
    }
    slot.reset();  // the count is shared, so this must not touch freed memory
    CHECK_FALSE(slot.has_value());
}
