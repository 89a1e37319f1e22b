#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace http {

/// `text` without the spaces and tabs at either end.
std::string_view trim(std::string_view text);

/// `text` with its ASCII letters in lower case.
std::string to_lower(std::string_view text);

/// True when `a` and `b` are equal, ignoring ASCII case.
bool equals_ignoring_case(std::string_view a, std::string_view b);

/// The pieces of `text` between `separator`s: "a,,b" gives "a", "" and "b".
std::vector<std::string_view> split(std::string_view text, char separator);

}  // namespace http
