#include "static_files.hpp"

#include "byte_ranges.hpp"
#include "directory_listing.hpp"
#include "http_date.hpp"
#include "mime_types.hpp"
#include "preconditions.hpp"
#include "url_path.hpp"

#include <cerrno>
#include <ctime>
#include <system_error>

namespace http {

namespace {

// The answer to a file that could not be opened, from its errno.
HttpResponse open_failure(int error) {
    switch (error) {
        case ENOENT:
        case ENOTDIR:
        case ENAMETOOLONG:
        case ELOOP:
            return error_response(404, "File not found.");
        case EACCES:
        case EPERM:
            return error_response(403, "The file cannot be read.");
        case EXDEV:
            // A symbolic link that leads outside the served folder.
            return error_response(403, "The path leads outside the served folder.");
        case EMFILE:
        case ENFILE:
            return error_response(503, "The server has too many files open; try again.");
        default:
            throw std::system_error(error, std::generic_category(), "open");
    }
}

// The query string of `target`, with its '?', or "" when there is none.
std::string_view query_of(std::string_view target) {
    const auto question = target.find('?');
    if (question == std::string_view::npos) {
        return {};
    }
    return target.substr(question, target.find('#', question) - question);
}

// $begin redirect
// A folder's URL ends in '/', or the relative links in its pages would
// resolve against its parent. The Location is rebuilt from the checked
// segments, so it always starts with exactly one '/': a request for
// "//evil.example" can never redirect to another site (CVE-2021-28861).
HttpResponse redirect_to_folder(const HttpRequest& request, const RequestPath& path) {
    HttpResponse response = error_response(301, "The folder's address ends with '/'.");
    std::string location = "/";
    if (!path.relative.empty()) {
        location += percent_encode_path(path.relative);
        location += '/';
    }
    location += query_of(request.target);
    response.headers.push_back(HttpHeader{"Location", location});
    return response;
}
// $end redirect

// $begin file-response
// 200 with the file; 304 or 412 when the request's preconditions say so;
// 206 with part of it, or 416, when a Range asks for part.
HttpResponse file_response(const HttpRequest& request, OpenedFile opened, std::string_view name) {
    const auto size = static_cast<std::uint64_t>(opened.info.st_size);
    const Validators validators{make_etag(size, opened.info.st_mtim), opened.info.st_mtime};
    HttpResponse response;
    // A 304 carries the ETag, which names the version the client may keep
    // using, and no other metadata of the file (RFC 9110 section 15.4.5).
    response.headers.push_back(HttpHeader{"ETag", validators.etag});
    switch (evaluate_preconditions(request, validators)) {
        case PreconditionResult::not_modified:
            response.status = 304;
            return response;
        case PreconditionResult::failed:
            return error_response(412, "The file is not the version the request expects.");
        case PreconditionResult::proceed:
            break;
    }
    response.headers.push_back(HttpHeader{"Last-Modified", format_http_date(validators.last_modified)});
    response.headers.push_back(HttpHeader{"Accept-Ranges", "bytes"});
    ByteRange part{0, size};
    // Range is defined for GET only (section 14.2): HEAD gets the 200 head.
    const auto range = request.header("Range");
    if (range && request.method == "GET" && if_range_holds(request, validators, std::time(nullptr))) {
        const RangeAnswer answer = answer_range(*range, size);
        if (answer.kind == RangeAnswer::Kind::unsatisfiable) {
            HttpResponse refusal = error_response(416, "The range asked for lies outside the file.");
            refusal.headers.push_back(HttpHeader{"Content-Range", unsatisfied_content_range(size)});
            return refusal;
        }
        if (answer.kind == RangeAnswer::Kind::one_range) {
            response.status = 206;
            response.headers.push_back(HttpHeader{"Content-Range", content_range(answer.range, size)});
            part = answer.range;
        }
    }
    response.content_type = mime_type_for(name);
    // Streamed by the connection after the head; for HEAD only the size is used.
    response.file = FileBody{std::move(opened.file), part.length, part.offset};
    return response;
}
// $end file-response

// A folder without index.html: a page that links to what it holds.
HttpResponse folder_listing(const RequestPath& path, const OpenedFile& folder) {
    const std::string url_path = path.relative.empty() ? "/" : "/" + path.relative + "/";
    return HttpResponse::with_body(200, "text/html; charset=utf-8",
                                   listing_page(url_path, read_directory(folder.file)));
}

}  // namespace

// $begin serve-static-file
HttpResponse serve_static_file(const HttpRequest& request, const SiteRoot& root) {
    const RequestPath path = resolve_request_path(request.path());
    if (path.status != 200) {
        return error_response(path.status, path.reason);
    }
    const std::string relative = path.relative.empty() ? "." : path.relative;

    // A path that ends in '/' asks for a folder: its index.html is tried
    // first, so "/" costs a single open().
    if (path.names_directory) {
        OpenedFile index = root.open(relative + "/index.html");
        if (index.error == 0 && S_ISREG(index.info.st_mode)) {
            return file_response(request, std::move(index), "index.html");
        }
        if (index.error != 0 && index.error != ENOENT) {
            return open_failure(index.error);
        }
    }

    OpenedFile opened = root.open(relative);
    if (opened.error != 0) {
        return open_failure(opened.error);
    }
    if (S_ISDIR(opened.info.st_mode)) {
        if (!path.names_directory) {
            return redirect_to_folder(request, path);
        }
        return folder_listing(path, opened);
    }
    if (path.names_directory) {
        return error_response(404, "File not found.");  // "/a.html/": a file is not a folder
    }
    if (!S_ISREG(opened.info.st_mode)) {
        // A device, a named pipe or a socket: nothing a browser should read.
        return error_response(403, "Only regular files are served.");
    }
    return file_response(request, std::move(opened), path.relative);
}
// $end serve-static-file

}  // namespace http
