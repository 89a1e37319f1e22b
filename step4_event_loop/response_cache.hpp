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

/// An answer the cache keeps: the response, with the file's bytes as its
/// body, and its heads as sent with the Date of the last find().
struct CachedResponse {
    HttpResponse response;
    Clock::time_point stored;
    std::string heads_date;       ///< the Date both heads carry
    std::string keep_alive_head;  ///< the head when the connection stays open
    std::string closing_head;     ///< the head when it closes after this answer
};

/// Recent answers to plain GET requests for small files, held in memory
/// with the file's bytes, so that a popular page costs no open(), fstat()
/// or read() per request, and its head is formatted once per second, not
/// once per request. Only answers that depend on nothing but the target are
/// kept: 200, to a request with no conditional or Range header.
class ResponseCache {
public:
    /// The answer kept for `request`, if one is younger than the lifetime,
    /// with heads that carry `date`; nullptr otherwise.
    const CachedResponse* find(const HttpRequest& request, Clock::time_point now, std::string_view date);

    /// Keeps a copy of `response` to `request` when it may be reused.
    void store(const HttpRequest& request, const HttpResponse& response, Clock::time_point now);

private:
    // Lets find() look a target up by string_view, without a copy.
    struct TargetHash {
        using is_transparent = void;
        std::size_t operator()(std::string_view target) const noexcept { return std::hash<std::string_view>{}(target); }
    };
    std::unordered_map<std::string, CachedResponse, TargetHash, std::equal_to<>> entries_;
    std::size_t bytes_ = 0;
};

}  // namespace http
