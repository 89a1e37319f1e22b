#include "mime_types.hpp"

#include "text.hpp"

#include <array>
#include <utility>

namespace http {

namespace {

// $begin table
// What python's mimetypes maps for the web, plus the web fonts and formats
// browsers load. JavaScript is text/javascript (RFC 9239). Text types say
// charset=utf-8, or a browser may guess another encoding.
constexpr std::array<std::pair<std::string_view, std::string_view>, 37> kTypes{{
    {"html",        "text/html; charset=utf-8"},
    {"htm",         "text/html; charset=utf-8"},
    {"css",         "text/css; charset=utf-8"},
    {"js",          "text/javascript; charset=utf-8"},
    {"mjs",         "text/javascript; charset=utf-8"},
    {"json",        "application/json"},
    {"map",         "application/json"},
    {"webmanifest", "application/manifest+json"},
    {"txt",         "text/plain; charset=utf-8"},
    {"md",          "text/markdown; charset=utf-8"},
    {"csv",         "text/csv; charset=utf-8"},
    {"xml",         "application/xml"},
    {"svg",         "image/svg+xml"},
    {"png",         "image/png"},
    {"jpg",         "image/jpeg"},
    {"jpeg",        "image/jpeg"},
    {"gif",         "image/gif"},
    {"webp",        "image/webp"},
    {"avif",        "image/avif"},
    {"bmp",         "image/bmp"},
    {"ico",         "image/vnd.microsoft.icon"},
    {"woff",        "font/woff"},
    {"woff2",       "font/woff2"},
    {"ttf",         "font/ttf"},
    {"otf",         "font/otf"},
    {"wasm",        "application/wasm"},
    {"pdf",         "application/pdf"},
    {"zip",         "application/zip"},
    {"gz",          "application/gzip"},
    {"tar",         "application/x-tar"},
    {"mp3",         "audio/mpeg"},
    {"wav",         "audio/wav"},
    {"ogg",         "audio/ogg"},
    {"mp4",         "video/mp4"},
    {"webm",        "video/webm"},
    {"ogv",         "video/ogg"},
    {"oga",         "audio/ogg"},
}};

// A name that says nothing about its content: any bytes at all.
constexpr std::string_view kDefaultType = "application/octet-stream";
// $end table

}  // namespace

// $begin lookup
std::string_view mime_type_for(std::string_view file_name) {
    // Only the last path segment counts, and only its last extension:
    // "archive.tar.gz" is gzip. A leading dot (".profile") is not an extension.
    const std::string_view name = file_name.substr(file_name.find_last_of('/') + 1);
    const auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) {
        return kDefaultType;
    }
    const std::string_view extension = name.substr(dot + 1);
    for (const auto& [known, type] : kTypes) {
        if (equals_ignoring_case(extension, known)) {
            return type;
        }
    }
    return kDefaultType;
}
// $end lookup

}  // namespace http
