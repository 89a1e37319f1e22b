// Step 1: the guide's first server. One loop accepts a connection, answers
// its request with "Hello, World!" and closes it; clients wait their turn.
#include "command_line.hpp"
#include "connection.hpp"
#include "http_request.hpp"
#include "http_response.hpp"
#include "server.hpp"

#include <optional>
#include <utility>

namespace {

// $begin handle
// The guide's do_GET: every path gets the same small HTML page.
http::HttpResponse handle(const http::HttpRequest& /*request*/) {
    return http::HttpResponse::with_body(200, "text/html", "Hello, World!");
}
// $end handle

}  // namespace

int main(int argc, char* argv[]) {
    http::ServerOptions options = http::parse_command_line_or_exit(argc, argv);
    // $begin one-request
    // One client at a time: a client that kept its connection open would
    // hold everyone else up, so each connection carries a single request.
    options.keep_alive = false;
    // $end one-request
    http::Server server = http::start_server_or_exit(options);

    // $begin serve-loop
    while (std::optional<http::ClientConnection> client = server.accept()) {
        http::serve_connection(std::move(*client), handle, options);
    }
    // $end serve-loop
    return 0;
}
