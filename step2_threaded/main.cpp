// Step 2: the guide's ThreadingMixIn server. Each connection is served on a
// thread of its own, so a slow or silent client no longer makes everyone
// wait, and a connection can carry request after request.
#include "access_log.hpp"
#include "command_line.hpp"
#include "connection.hpp"
#include "http_request.hpp"
#include "http_response.hpp"
#include "process_setup.hpp"
#include "server.hpp"

#include <exception>
#include <optional>
#include <string>
#include <thread>
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
    const http::CommandLine command_line = http::parse_command_line_or_exit(argc, argv, {.max_connections = true});
    // $begin set-up
    // A client that hangs up early must not end the server, and Ctrl-C or
    // SIGTERM stop it cleanly.
    http::ignore_sigpipe();
    http::install_shutdown_signals();
    // Each open connection holds a descriptor: allow as many as we may.
    http::raise_descriptor_limit();
    // $end set-up
    http::Server server = http::start_server_or_exit(command_line.server);

    // $begin serve-loop
    const http::ConnectionOptions options{.keep_alive = true, .log_requests = !command_line.quiet};
    while (std::optional<http::ClientConnection> client = server.accept()) {
        // The thread gets its own copies of the handler and the options, and
        // the connection is moved in: from here on, only the thread owns it.
        // Detached, it ends by itself, like ThreadingMixIn's daemon threads.
        try {
            std::thread(http::serve_connection, std::move(*client), handle, options).detach();
        } catch (const std::exception& error) {
            // No thread could be made (a resource limit): the connection was
            // destroyed with the thread's arguments, so that client sees it
            // close, and the server goes on serving everyone else.
            http::log_error(std::string("cannot start a thread: ") + error.what());
        }
    }
    // $end serve-loop
    return 0;
}
