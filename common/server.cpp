#include "server.hpp"

#include "access_log.hpp"
#include "http_date.hpp"
#include "http_response.hpp"
#include "process_setup.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <system_error>

#include <fmt/format.h>

namespace http {

namespace {

// Past the limit a client is told so at once, rather than left waiting.
void refuse_busy(const Socket& client) {
    HttpResponse response = error_response(503, "The server has too many open connections; try again soon.");
    response.headers.push_back(HttpHeader{"Retry-After", "1"});
    client.send_all(serialize_response(response, ResponseFraming{format_http_date(std::time(nullptr)), false, false}));
    client.shutdown_send();
}

}  // namespace

Server::Server(const ServerOptions& options)
    : listener_(Socket::listen(options.bind_address, options.port)), max_connections_(options.max_connections) {
    const std::string address = listener_.local_address();
    const std::uint16_t port = listener_.local_port();
    // An IPv6 address goes in brackets inside a URL: http://[::1]:8000/
    const std::string host = address.find(':') == std::string::npos ? address : "[" + address + "]";
    // Flushed at once: whoever started us (a test, a script) waits for it.
    fmt::print("Serving HTTP on {} port {} (http://{}:{}/) ...\n", address, port, host, port);
    std::fflush(stdout);
}

// $begin accept-loop
std::optional<ClientConnection> Server::accept() {
    while (true) {
        if (listener_.wait_readable(Clock::time_point::max()) == WaitResult::shutdown) {
            return std::nullopt;
        }
        Attempt attempt = try_accept();
        if (attempt.client) {
            return std::move(attempt.client);
        }
        // Out of descriptors or memory, the connection stays queued in the
        // kernel. Pause before retrying, instead of spinning on a listener
        // that stays readable; service resumes once clients leave.
        if (attempt.out_of_resources && wait_for_shutdown(std::chrono::milliseconds(100))) {
            return std::nullopt;
        }
    }
}

Server::Attempt Server::try_accept(AcceptMode mode) {
    Attempt attempt;
    std::optional<AcceptedSocket> accepted;
    try {
        accepted = listener_.accept(mode);
    } catch (const std::system_error& error) {
        log_error(fmt::format("cannot accept a connection: {}", error.code().message()));
        attempt.out_of_resources = true;
        return attempt;
    }
    if (!accepted) {
        return attempt;
    }
    // Only this loop takes places, but connection threads give them back.
    if (open_->load() >= max_connections_) {
        try {
            refuse_busy(accepted->socket);
        } catch (const std::system_error&) {
            // The refused client has gone already; nothing more to tell it.
        }
        attempt.refused = true;
        return attempt;
    }
    open_->fetch_add(1);
    // The slot owns no object: destroying it gives the place back.
    std::shared_ptr<void> slot(nullptr, [open = open_](void*) { open->fetch_sub(1); });
    attempt.client = ClientConnection{std::move(accepted->socket), std::move(accepted->peer_address), std::move(slot)};
    return attempt;
}
// $end accept-loop

Server start_server_or_exit(const ServerOptions& options) {
    try {
        return Server(options);
    } catch (const std::exception& error) {
        std::fputs(fmt::format("error: {}\n", error.what()).c_str(), stderr);
        std::exit(1);
    }
}

}  // namespace http
