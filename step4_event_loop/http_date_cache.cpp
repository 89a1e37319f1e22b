#include "http_date_cache.hpp"

#include "http_date.hpp"

namespace http {

std::string_view HttpDateCache::at(std::time_t now) {
    if (now != second_) {
        text_ = format_http_date(now);
        second_ = now;
    }
    return text_;
}

}  // namespace http
