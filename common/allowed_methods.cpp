#include "allowed_methods.hpp"

#include <algorithm>
#include <array>
#include <string>

namespace http {

// $begin refuse-unserved-method
std::optional<HttpResponse> refuse_unserved_method(std::string_view method) {
    if (method == "GET" || method == "HEAD") {
        return std::nullopt;
    }
    // The other methods of RFC 9110, and PATCH (RFC 5789), which the IANA
    // method registry lists beside them and clients send to any server.
    // Method names are case-sensitive: "get" is unknown, not GET.
    constexpr std::array<std::string_view, 7> kKnownMethods{"POST",    "PUT",   "DELETE", "CONNECT",
                                                            "OPTIONS", "TRACE", "PATCH"};
    const bool known = std::ranges::find(kKnownMethods, method) != kKnownMethods.end();
    HttpResponse response =
        known ? error_response(405, "The method " + std::string(method) + " is not allowed here.")
              : error_response(501, "The method " + std::string(method) + " is not supported.");
    // Allow is required with 405 (section 15.5.6) and tells a client what
    // would work after a 501 too.
    response.headers.push_back(HttpHeader{"Allow", "GET, HEAD"});
    return response;
}
// $end refuse-unserved-method

}  // namespace http
