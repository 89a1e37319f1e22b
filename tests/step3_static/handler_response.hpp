#pragma once

// What the unit tests of step 3's handler read from the HttpResponse it
// returns: a header's value, and the body as the connection would send it.
#include "catch.hpp"
#include "http_response.hpp"
#include "text.hpp"

#include <cstddef>
#include <string>
#include <string_view>

#include <sys/types.h>
#include <unistd.h>

namespace test {

/// The value of the response's header `name` (any case); empty when absent.
inline std::string header(const http::HttpResponse& response, std::string_view name) {
    for (const http::HttpHeader& field : response.headers) {
        if (http::equals_ignoring_case(field.name, name)) {
            return field.value;
        }
    }
    return {};
}

/// The body as the connection would send it: in memory, or read from the
/// file from its offset.
inline std::string body_of(const http::HttpResponse& response) {
    if (!response.file.file) {
        return response.body;
    }
    std::string bytes(static_cast<std::size_t>(response.file.size), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = ::pread(response.file.file.get(), bytes.data() + filled, bytes.size() - filled,
                                    static_cast<off_t>(response.file.offset + filled));
        REQUIRE(got > 0);
        filled += static_cast<std::size_t>(got);
    }
    return bytes;
}

}  // namespace test
