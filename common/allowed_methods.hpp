#pragma once

#include "http_response.hpp"

#include <optional>
#include <string_view>

namespace http {

/// nullopt for GET and HEAD. Otherwise the refusal: 405 with Allow for a
/// method HTTP defines (RFC 9110 section 9, and PATCH), which we know but do
/// not serve; 501 for a method we do not know at all (section 15.6.2).
std::optional<HttpResponse> refuse_unserved_method(std::string_view method);

}  // namespace http
