#include "response_cache.hpp"

#include "connection.hpp"

#include <cerrno>
#include <optional>

#include <unistd.h>

namespace http {

namespace {

// Bounds on what the cache holds, so that it never grows with the site.
constexpr std::size_t kMaxEntries = 256;
constexpr std::size_t kMaxBytes = 2 * 1024 * 1024;
constexpr std::size_t kMaxBodyBytes = 64 * 1024;

// A small file's bytes, to keep in memory; nullopt when it cannot be read
// or is shorter than it was.
std::optional<std::string> read_whole(const FileBody& file) {
    std::string bytes(static_cast<std::size_t>(file.size), '\0');
    std::size_t filled = 0;
    while (filled < bytes.size()) {
        const ssize_t got = ::pread(file.file.get(), bytes.data() + filled, bytes.size() - filled,
                                    static_cast<off_t>(filled));
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            return std::nullopt;
        }
        filled += static_cast<std::size_t>(got);
    }
    return bytes;
}

// $begin depends-on-target
// The answer to a GET depends on its target alone, unless a header asks for
// part of the file (Range) or for an answer that depends on the client's copy
// (If-Modified-Since, If-None-Match, ...): those always go to the handler.
bool answer_depends_on_target_only(const HttpRequest& request) {
    if (request.method != "GET") {
        return false;
    }
    for (const HttpHeader& field : request.headers) {
        const std::string_view name = field.name;
        if (equals_ignoring_case(name.substr(0, 3), "if-") || equals_ignoring_case(name, "range")) {
            return false;
        }
    }
    return true;
}
// $end depends-on-target

}  // namespace

// $begin find
const CachedResponse* ResponseCache::find(const HttpRequest& request, Clock::time_point now,
                                          std::string_view date) {
    if (entries_.empty() || !answer_depends_on_target_only(request)) {
        return nullptr;
    }
    const auto found = entries_.find(std::string_view(request.target));
    if (found == entries_.end()) {
        return nullptr;
    }
    CachedResponse& cached = found->second;
    if (now - cached.stored >= kCachedResponseLifetime) {
        bytes_ -= cached.response.body.size();
        entries_.erase(found);
        return nullptr;
    }
    if (cached.heads_date != date) {
        // The Date changes once a second: only then are the heads made again.
        cached.keep_alive_head = serialize_response(cached.response, {date, true, true, kRequestTimeout});
        cached.closing_head = serialize_response(cached.response, {date, true, false, kRequestTimeout});
        cached.heads_date = date;
    }
    return &cached;
}
// $end find

void ResponseCache::store(const HttpRequest& request, const HttpResponse& response, Clock::time_point now) {
    const bool reusable = response.status == 200 && body_size(response) <= kMaxBodyBytes &&
                          answer_depends_on_target_only(request);
    if (!reusable) {
        return;
    }
    // A file's bytes are counted as the body they become here.
    if (entries_.size() >= kMaxEntries || bytes_ + body_size(response) > kMaxBytes) {
        // Full: every entry is at most a second old, so starting over costs
        // little and needs no bookkeeping of which is oldest.
        entries_.clear();
        bytes_ = 0;
    }
    if (const auto old = entries_.find(std::string_view(request.target)); old != entries_.end()) {
        bytes_ -= old->second.response.body.size();
        entries_.erase(old);
    }
    HttpResponse copy;
    copy.status = response.status;
    copy.content_type = response.content_type;
    copy.headers = response.headers;
    if (response.file.file) {
        std::optional<std::string> bytes = read_whole(response.file);
        if (!bytes) {
            return;  // not readable now: the next request asks the handler again
        }
        copy.body = std::move(*bytes);
    } else {
        copy.body = response.body;
    }
    bytes_ += copy.body.size();
    entries_.emplace(request.target, CachedResponse{std::move(copy), now, {}, {}, {}});
}

}  // namespace http
