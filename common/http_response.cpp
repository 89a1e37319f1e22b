#include "http_response.hpp"

#include <fmt/format.h>

namespace http {

HttpResponse HttpResponse::with_body(int status, std::string content_type, std::string body) {
    HttpResponse response;
    response.status = status;
    response.content_type = std::move(content_type);
    response.body = std::move(body);
    return response;
}

std::string_view reason_phrase(int status) {
    switch (status) {
        case 200: return "OK";
        case 204: return "No Content";
        case 206: return "Partial Content";
        case 301: return "Moved Permanently";
        case 304: return "Not Modified";
        case 400: return "Bad Request";
        case 403: return "Forbidden";
        case 404: return "Not Found";
        case 405: return "Method Not Allowed";
        case 408: return "Request Timeout";
        case 412: return "Precondition Failed";
        case 413: return "Content Too Large";
        case 414: return "URI Too Long";
        case 416: return "Range Not Satisfiable";
        case 431: return "Request Header Fields Too Large";
        case 500: return "Internal Server Error";
        case 501: return "Not Implemented";
        case 503: return "Service Unavailable";
        case 505: return "HTTP Version Not Supported";
        default: return "Unknown";
    }
}

std::string escape_html(std::string_view text) {
    std::string escaped;
    escaped.reserve(text.size());
    for (const char c : text) {
        switch (c) {
            case '&': escaped += "&amp;"; break;
            case '<': escaped += "&lt;"; break;
            case '>': escaped += "&gt;"; break;
            case '"': escaped += "&quot;"; break;
            case '\'': escaped += "&#x27;"; break;
            default: escaped += c;
        }
    }
    return escaped;
}

HttpResponse error_response(int status, std::string_view reason) {
    const std::string title = fmt::format("{} {}", status, reason_phrase(status));
    std::string page = fmt::format(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>{0}</title></head>\n"
        "<body>\n<h1>{0}</h1>\n<p>{1}</p>\n</body>\n</html>\n",
        title, escape_html(reason));
    return HttpResponse::with_body(status, "text/html; charset=utf-8", std::move(page));
}

bool status_has_body(int status) {
    return status >= 200 && status != 204 && status != 304;
}

std::uint64_t body_size(const HttpResponse& response) {
    return response.file.file ? response.file.size : response.body.size();
}

// $begin serialize
std::string serialize_response(const HttpResponse& response, const ResponseFraming& framing) {
    std::string out;
    out.reserve(256 + (framing.head_only ? 0 : response.body.size()));
    auto line = std::back_inserter(out);
    fmt::format_to(line, "HTTP/1.1 {} {}\r\n", response.status, reason_phrase(response.status));
    fmt::format_to(line, "Server: http-from-scratch\r\nDate: {}\r\n", framing.date);
    const bool has_body = status_has_body(response.status);
    if (has_body && !response.content_type.empty()) {
        fmt::format_to(line, "Content-Type: {}\r\n", response.content_type);
    }
    if (has_body) {
        fmt::format_to(line, "Content-Length: {}\r\n", body_size(response));
    }
    for (const HttpHeader& field : response.headers) {
        fmt::format_to(line, "{}: {}\r\n", field.name, field.value);
    }
    out += framing.keep_alive ? "Connection: keep-alive\r\n" : "Connection: close\r\n";
    // Without this hint, a client may reuse the connection just as the
    // server closes it for idleness, and its request is lost.
    if (framing.keep_alive && framing.idle_timeout.count() > 0) {
        fmt::format_to(line, "Keep-Alive: timeout={}\r\n", framing.idle_timeout.count());
    }
    out += "\r\n";
    if (has_body && !framing.head_only && !response.file.file) {
        out += response.body;
    }
    return out;
}
// $end serialize

}  // namespace http
