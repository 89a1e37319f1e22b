#pragma once

#include "http_request.hpp"
#include "http_response.hpp"
#include "site_root.hpp"

namespace http {

/// Answers a GET or HEAD request with the file its path names under `root`:
/// 200 with the file, 304 when If-Modified-Since shows the client's copy is
/// current, 301 to add the '/' a folder needs, a folder's index.html or a
/// listing of it; 400 for a refused path, 403 when the file cannot be read
/// or lies outside the site, 404 when there is none.
HttpResponse serve_static_file(const HttpRequest& request, const SiteRoot& root);

}  // namespace http
