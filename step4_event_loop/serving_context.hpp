#pragma once

#include "connection.hpp"
#include "http_date_cache.hpp"
#include "response_cache.hpp"

#include <array>
#include <cstddef>

namespace http {

/// How much one read from a client takes at most: room for many pipelined
/// requests at once.
inline constexpr std::size_t kReadBufferBytes = 32 * 1024;

/// What every connection of one loop shares: the step's handler and
/// options, the caches, and the one buffer every read goes into first, so
/// that an idle connection holds no buffer of its own.
struct ServingContext {
    const Handler& handler;
    ConnectionOptions options;
    HttpDateCache dates;
    ResponseCache responses;
    std::array<char, kReadBufferBytes> read_buffer{};
};

}  // namespace http
