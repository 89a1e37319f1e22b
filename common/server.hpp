#pragma once

#include "command_line.hpp"
#include "connection_limit.hpp"
#include "socket.hpp"

#include <cstddef>
#include <optional>
#include <string>

namespace http {

/// The stack each thread gets: ample for serving a connection, whose
/// buffers live on the heap.
inline constexpr std::size_t kThreadStackBytes = 256 * 1024;

/// A client connection ready to be served: its socket, its address for the
/// access log, and its place among the server's open connections.
struct ClientConnection {
    Socket socket;
    std::string address;
    ConnectionSlot slot;
};

/// The listening side of a server: the socket bound to the options' address
/// and port, and the loop that hands out one client connection at a time.
class Server {
public:
    /// Listens, then prints "Serving HTTP on ..." with the real port.
    /// Throws when it cannot (port taken, unknown address).
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
    Attempt try_accept();

    /// The listening socket, for a server that watches it itself.
    const Socket& listener() const noexcept { return listener_; }

private:
    Socket listener_;
    ConnectionLimit limit_;
    bool quiet_;
};

/// Makes the server, or prints why it cannot start and exits with status 1.
Server start_server_or_exit(const ServerOptions& options);

}  // namespace http
