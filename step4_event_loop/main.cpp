// Step 4: step 3's static file server on one thread. Instead of a thread
// that waits on each client, one loop waits on all of them at once (epoll)
// and does, for each, only what its socket is ready for.
#include "command_line.hpp"
#include "connection.hpp"
#include "event_loop.hpp"
#include "http_request.hpp"
#include "http_response.hpp"
#include "process_setup.hpp"
#include "server.hpp"
#include "static_files.hpp"

int main(int argc, char* argv[]) {
    const http::CommandLine command_line =
        http::parse_command_line_or_exit(argc, argv, {.max_connections = true, .directory = true});
    // $begin set-up
    // A client that hangs up early must not end the server, and Ctrl-C or
    // SIGTERM stop it cleanly.
    http::ignore_sigpipe();
    http::install_shutdown_signals();
    // Each open connection holds a descriptor: allow as many as we may.
    http::raise_descriptor_limit();
    // $end set-up
    // $begin handle
    // The guide's do_GET, made safe: each request is answered from the
    // folder given with -d, opened once here. Every thread's copy of the
    // handler shares that open folder.
    const http::SiteRoot root = http::open_site_root_or_exit(command_line.directory);
    const http::Handler handle = [root](const http::HttpRequest& request) {
        return http::serve_static_file(request, root);
    };
    // $end handle
    http::Server server = http::start_server_or_exit(command_line.server);

    // $begin serve-loop
    const http::ConnectionOptions options{.keep_alive = true, .log_requests = !command_line.quiet};
    // Every connection is served here, on this one thread, until SIGINT or
    // SIGTERM: no thread to start per client, and no client can block it.
    http::EventLoop loop(server, handle, options);
    loop.run();
    // $end serve-loop
    return 0;
}
