#pragma once

#include <string_view>

namespace http {

/// The Content-Type for a file name, from its last extension, ignoring case:
/// "Logo.PNG" -> "image/png". Text types carry "; charset=utf-8". Unknown
/// extensions, and names without one, get "application/octet-stream".
std::string_view mime_type_for(std::string_view file_name);

}  // namespace http
