#pragma once

#include "http_request.hpp"
#include "http_response.hpp"
#include "socket.hpp"

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>

namespace http {

/// How long a cached answer is reused before the handler is asked again:
/// a file changed on disk is seen at most this late.
inline constexpr std::chrono::seconds kCachedResponseLifetime{1};

/// Recent answers to plain GET requests for small files, held in memory
/// with the file's bytes, so that a popular page costs no open(), fstat()
/// or read() per request. Only answers that depend on nothing but the
/// target are kept: 200, to a request with no conditional or Range header.
class ResponseCache {
public:
    /// The answer kept for `request`, if one is younger than the lifetime;
    /// nullptr otherwise.
    const HttpResponse* find(const HttpRequest& request, Clock::time_point now);

    /// Keeps a copy of `response` to `request` when it may be reused.
    void store(const HttpRequest& request, const HttpResponse& response, Clock::time_point now);

private:
    struct Entry {
        HttpResponse response;
        Clock::time_point stored;
    };
    // Lets find() look a target up by string_view, without a copy.
    struct TargetHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view target) const noexcept { return std::hash<std::string_view>{}(target); }
    };
    std::unordered_map<std::string, Entry, TargetHash, std::equal_to<>> entries_;
    std::size_t bytes_ = 0;
};

}  // namespace http
