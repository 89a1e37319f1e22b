#pragma once

#include <ctime>
#include <string>
#include <string_view>

namespace http {

/// The Date header's text, formatted once per second instead of once per
/// response: every response of the same second shares it.
class HttpDateCache {
public:
    /// `now` as an HTTP date; valid until the next call.
    std::string_view at(std::time_t now);

private:
    std::time_t second_ = -1;
    std::string text_;
};

}  // namespace http
