// Step 1: the guide's first server. One loop accepts a connection, answers
// its request with "Hello, World!" and closes it; clients wait their turn.
#include "command_line.hpp"
#include "connection.hpp"
#include "http_request.hpp"
#include "http_response.hpp"
#include "process_setup.hpp"
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
    const http::CommandLine command_line = http::parse_command_line_or_exit(argc, argv);
    // $begin set-up
    // A client that hangs up early must not end the server, and Ctrl-C or
    // SIGTERM stop it cleanly.
    http::ignore_sigpipe();
    http::install_shutdown_signals();
    // $end set-up
    http::Server server = http::start_server_or_exit(command_line.server);

    // $begin serve-loop
    // One client at a time: a client that kept its connection open would
    // hold everyone else up, so each connection carries a single request.
    const http::ConnectionOptions options{.keep_alive = false, .log_requests = !command_line.quiet};
    while (std::optional<http::ClientConnection> client = server.accept()) {
        http::serve_connection(std::move(*client), handle, options);
    }
    // $end serve-loop
    return 0;
}
