#pragma once

#include "http_request.hpp"

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace http {

/// What a client can hold to tell whether its copy of a file is current.
struct Validators {
    std::string etag;               ///< a strong entity tag, quotes included
    std::time_t last_modified = 0;  ///< the file's modification time, in seconds
};

/// A strong entity tag for a file of `size` bytes last modified at
/// `modified` (seconds and nanoseconds): "\"6756e0a2.1b2e0f3c-1f4\"".
std::string make_etag(std::uint64_t size, std::timespec modified);

/// What the preconditions of a GET or HEAD request decide.
enum class PreconditionResult {
    proceed,       ///< answer as if there were none
    not_modified,  ///< 304: the client's copy is current
    failed,        ///< 412: a condition the client set is false
};

/// Evaluates If-Match, If-Unmodified-Since, If-None-Match and
/// If-Modified-Since in the order of RFC 9110 section 13.2.2, for a file
/// that exists and would otherwise be answered with 200.
PreconditionResult evaluate_preconditions(const HttpRequest& request, const Validators& file);

/// True when a Range header may be honoured: there is no If-Range, or its
/// entity tag or date still names the file as it is (section 13.1.5).
/// `now` is the server's clock: a date only counts as a strong validator
/// once the file is a second older than it.
bool if_range_holds(const HttpRequest& request, const Validators& file, std::time_t now);

/// True when the list of entity tags `list` (an If-Match or If-None-Match
/// value) holds one equal to `etag`; a weak comparison ignores a "W/".
bool entity_tag_list_matches(std::string_view list, std::string_view etag, bool weak_comparison);

}  // namespace http
