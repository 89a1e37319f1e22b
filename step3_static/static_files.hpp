#pragma once

#include "http_request.hpp"
#include "http_response.hpp"
#include "site_root.hpp"

namespace http {

/// Answers a GET or HEAD request with the file its path names under `root`:
/// 200 with the file and its ETag, 206 with the part a Range asks for (416
/// when it lies outside), 304 or 412 as the request's preconditions decide,
/// 301 to add the '/' a folder needs, a folder's index.html or a
/// listing of it; 400 for a refused path, 403 when the file cannot be read
/// or lies outside the site, 404 when there is none.
HttpResponse serve_static_file(const HttpRequest& request, const SiteRoot& root);

}  // namespace http
