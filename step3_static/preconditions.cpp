#include "preconditions.hpp"

#include "request_dates.hpp"
#include "text.hpp"

#include <fmt/format.h>

namespace http {

namespace {

// A list field may be split over several lines (RFC 9110 section 5.3):
// every value of `name`, joined with commas. Empty when there is none.
std::optional<std::string> joined_values(const HttpRequest& request, std::string_view name) {
    std::optional<std::string> joined;
    for (const HttpHeader& field : request.headers) {
        if (equals_ignoring_case(field.name, name)) {
            joined = joined ? *joined + ", " + field.value : field.value;
        }
    }
    return joined;
}

// A date field with a single valid HTTP date; otherwise it is ignored
// (sections 13.1.3 and 13.1.4).
std::optional<std::time_t> date_field(const HttpRequest& request, std::string_view name) {
    const auto value = request.header(name);
    return value ? parse_http_date(*value) : std::nullopt;
}

}  // namespace

// $begin make-etag
std::string make_etag(std::uint64_t size, std::timespec modified) {
    // A strong tag promises the same bytes whenever it is the same. Size and
    // modification time in nanoseconds keep that promise unless a file is
    // rewritten with the same size within one tick of the kernel's clock
    // (a few milliseconds), the price every server that tags files from
    // their metadata pays; nginx uses whole seconds.
    return fmt::format("\"{:x}.{:x}-{:x}\"", modified.tv_sec, modified.tv_nsec, size);
}
// $end make-etag

bool entity_tag_list_matches(std::string_view list, std::string_view etag, bool weak_comparison) {
    // entity-tag = [ "W/" ] DQUOTE *etagc DQUOTE; a tag may hold commas, so
    // the list is read tag by tag rather than split at commas.
    const bool ours_weak = etag.starts_with("W/");
    const std::string_view our_tag = ours_weak ? etag.substr(2) : etag;
    while (true) {
        list = trim(list);
        while (list.starts_with(',')) {
            list = trim(list.substr(1));
        }
        if (list.empty()) {
            return false;
        }
        const bool weak = list.starts_with("W/");
        const std::string_view rest = weak ? list.substr(2) : list;
        const std::size_t close = rest.starts_with('"') ? rest.find('"', 1) : std::string_view::npos;
        if (close == std::string_view::npos) {
            return false;  // not a list of entity tags: nothing in it matches
        }
        const std::string_view tag = rest.substr(0, close + 1);
        // Strong comparison: both strong and equal; weak: equal once "W/" is dropped.
        if (tag == our_tag && (weak_comparison || (!weak && !ours_weak))) {
            return true;
        }
        list = trim(rest.substr(close + 1));
        if (!list.empty() && !list.starts_with(',')) {
            return false;
        }
    }
}

// $begin evaluate-preconditions
PreconditionResult evaluate_preconditions(const HttpRequest& request, const Validators& file) {
    // RFC 9110 section 13.2.2, step by step. The file exists, so "*" matches.
    // 1. If-Match: the client changes nothing unless it holds this version.
    if (const auto if_match = joined_values(request, "If-Match")) {
        if (trim(*if_match) != "*" && !entity_tag_list_matches(*if_match, file.etag, false)) {
            return PreconditionResult::failed;
        }
    } else if (const auto since = date_field(request, "If-Unmodified-Since")) {
        // 2. If-Unmodified-Since, only without If-Match.
        if (file.last_modified > *since) {
            return PreconditionResult::failed;
        }
    }
    // 3. If-None-Match: the client already holds one of these versions.
    if (const auto if_none_match = joined_values(request, "If-None-Match")) {
        if (trim(*if_none_match) == "*" || entity_tag_list_matches(*if_none_match, file.etag, true)) {
            // For GET and HEAD, "you have it" (the only methods we serve).
            return PreconditionResult::not_modified;
        }
    } else if (const auto since = date_field(request, "If-Modified-Since")) {
        // 4. If-Modified-Since, only without If-None-Match. HTTP dates
        // count whole seconds, so the file's time is compared in seconds.
        if (file.last_modified <= *since) {
            return PreconditionResult::not_modified;
        }
    }
    // 5. If-Range is evaluated with the Range it guards: see if_range_holds().
    return PreconditionResult::proceed;
}
// $end evaluate-preconditions

// $begin if-range-holds
bool if_range_holds(const HttpRequest& request, const Validators& file, std::time_t now) {
    const auto if_range = request.header("If-Range");
    if (!if_range) {
        return true;
    }
    // An entity tag must match strongly (section 13.1.5); a weak one never does.
    if (if_range->starts_with('"') || if_range->starts_with("W/")) {
        return !if_range->starts_with("W/") && *if_range == file.etag;
    }
    // A date must be exactly Last-Modified, and strong: a file changed within
    // the last second could change again within the same second (section 8.8.2.2).
    const auto date = parse_http_date(*if_range);
    return date && *date == file.last_modified && file.last_modified < now - 1;
}
// $end if-range-holds

}  // namespace http
