#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace http {

/// Where a request's URL path leads inside the served folder, or why it is
/// refused. It only computes: nothing here touches the file system.
struct RequestPath {
    int status = 200;              ///< 200 when `relative` can be opened; 400 when refused
    std::string reason;            ///< why it was refused, for the error page
    std::string relative;          ///< "docs/a.html": no empty, "." or ".." segment, no leading '/'; "" is the root
    bool names_directory = false;  ///< the path ended in '/' (or in "." or ".."): it asks for a folder
};

/// Maps a URL path ("/docs/a%20b.html", query already removed) to a path
/// relative to the served folder, safely: percent-decode once, refuse NUL
/// and backslash, then apply "." and ".." segments, refusing any ".." that
/// would climb above the root.
RequestPath resolve_request_path(std::string_view url_path);

/// `text` with each %XX escape replaced by its byte; nullopt when a '%' is
/// not followed by two hex digits.
std::optional<std::string> percent_decode(std::string_view text);

/// `path` with every byte other than letters, digits, "-._~" and '/'
/// written as %XX, so it is safe in a Location header or an HTML link.
std::string percent_encode_path(std::string_view path);

}  // namespace http
