#pragma once

#include "socket.hpp"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

namespace http {

/// Where a server listens, and how many clients it serves at once.
struct ServerOptions {
    std::string bind_address = "127.0.0.1";  ///< loopback unless asked otherwise
    std::uint16_t port = 8000;                ///< 0 picks a free port
    std::size_t max_connections = 4096;       ///< past it, new clients get 503
};

/// A client to serve: its socket, its address for the log, and its place
/// among the open connections, given back when `slot` is destroyed.
struct ClientConnection {
    Socket socket;
    std::string address;
    std::shared_ptr<void> slot;
};

/// The listening socket of a server, and the loop that hands out one client
/// connection at a time. It changes nothing else in the process.
class Server {
public:
    /// Listens and prints "Serving HTTP on ..."; throws when it cannot.
    explicit Server(const ServerOptions& options);

    /// Waits for the next client; nullopt once SIGINT or SIGTERM asks the
    /// server to stop. Clients past the connection limit get a 503 here.
    std::optional<ClientConnection> accept();

    /// What one attempt to take a waiting client gave.
    struct Attempt {
        std::optional<ClientConnection> client;  ///< set when a client was taken
        bool refused = false;                    ///< a client past the limit was sent a 503
        bool out_of_resources = false;           ///< descriptors or memory ran out: pause, then retry
    };

    /// Takes one waiting client without waiting for it, for a server that
    /// watches the listener itself; past the limit the client gets a 503.
    Attempt try_accept(AcceptMode mode = AcceptMode::blocking);

    /// The listening socket, for a server that watches it itself.
    const Socket& listener() const noexcept { return listener_; }

private:
    Socket listener_;
    std::size_t max_connections_;
    // Shared with every slot, which may outlive the server in its thread.
    std::shared_ptr<std::atomic<std::size_t>> open_ = std::make_shared<std::atomic<std::size_t>>(0);
};

/// Makes the server, or prints why it cannot start and exits with status 1.
Server start_server_or_exit(const ServerOptions& options);

}  // namespace http
