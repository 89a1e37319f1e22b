#include "server.hpp"

#include "access_log.hpp"
#include "http_date.hpp"
#include "http_response.hpp"
#include "shutdown_signal.hpp"

#include <cstdio>
#include <cstdlib>
#include <exception>
#include <system_error>

#include <fmt/format.h>
#include <pthread.h>
#include <sched.h>
#include <sys/resource.h>

namespace http {

namespace {

// Each connection needs a descriptor, and the usual soft limit of 1024 would
// cap the server near a thousand clients: raise it to the hard limit.
void raise_descriptor_limit() {
    rlimit limit{};
    if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) {
        throw std::system_error(errno, std::generic_category(), "getrlimit");
    }
    if (limit.rlim_cur < limit.rlim_max) {
        limit.rlim_cur = limit.rlim_max;
        if (::setrlimit(RLIMIT_NOFILE, &limit) != 0) {
            throw std::system_error(errno, std::generic_category(), "setrlimit");
        }
    }
}

// $begin thread-stacks
// A connection's thread needs a few KiB of stack, not the 8 MiB that
// threads reserve by default: with small stacks, the C library keeps those
// of ended threads for reuse instead of unmapping and mapping them again.
void use_small_thread_stacks() {
#if defined(__SANITIZE_THREAD__)
    // ThreadSanitizer's pthread_create() fails with EINVAL once the default
    // attributes are changed, so its builds keep the default stacks.
    return;
#endif
    pthread_attr_t attributes;
    if (const int error = ::pthread_attr_init(&attributes); error != 0) {
        throw std::system_error(error, std::generic_category(), "pthread_attr_init");
    }
    const int error = ::pthread_attr_setstacksize(&attributes, kThreadStackBytes);
    const int set_error = error != 0 ? error : ::pthread_setattr_default_np(&attributes);
    ::pthread_attr_destroy(&attributes);
    if (set_error != 0) {
        throw std::system_error(set_error, std::generic_category(), "pthread_setattr_default_np");
    }
}
// $end thread-stacks

// $begin batch-scheduling
// With a thread per connection, a request that arrives while another
// thread is mid-answer would, by default, preempt it: two thread switches
// where one would do. SCHED_BATCH (no privilege needed) tells the kernel
// that a woken thread may wait until the running one blocks. Threads
// started later inherit it. The error, where the kernel refuses.
std::error_code take_turns_between_threads() {
    const sched_param parameters{.sched_priority = 0};
    if (::sched_setscheduler(0, SCHED_BATCH, &parameters) != 0) {
        return {errno, std::generic_category()};
    }
    return {};
}
// $end batch-scheduling

// Everything a server sets up before its first connection, in order.
Socket listen_for_clients(const ServerOptions& options) {
    install_shutdown_signals();
    raise_descriptor_limit();
    use_small_thread_stacks();
    if (const std::error_code error = take_turns_between_threads()) {
        // A sandbox may forbid it. Only speed at many clients depends on
        // it, so the server starts anyway, with the default policy.
        log_error(fmt::format("sched_setscheduler: {}; threads keep the default scheduling", error.message()));
    }
    return Socket::listen(options.bind_address, options.port);
}

// Past the limit a client is told so at once, rather than left waiting.
void refuse_busy(const Socket& client) {
    HttpResponse response = error_response(503, "The server has too many open connections; try again soon.");
    response.headers.push_back(HttpHeader{"Retry-After", "1"});
    client.send_all(serialize_response(response, ResponseFraming{format_http_date(std::time(nullptr)), false, false}));
    client.shutdown_send();
}

}  // namespace

Server::Server(const ServerOptions& options)
    : listener_(listen_for_clients(options)),
      limit_(options.max_connections),
      quiet_(options.quiet) {
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

Server::Attempt Server::try_accept() {
    std::optional<AcceptedSocket> accepted;
    try {
        accepted = listener_.accept();
    } catch (const std::system_error& error) {
        if (!quiet_) {
            log_error(fmt::format("cannot accept a connection: {}", error.code().message()));
        }
        Attempt failed;
        failed.out_of_resources = true;
        return failed;
    }
    if (!accepted) {
        return Attempt{};
    }
    std::optional<ConnectionSlot> slot = limit_.try_acquire();
    if (!slot) {
        try {
            refuse_busy(accepted->socket);
        } catch (const std::system_error&) {
            // The refused client has gone already; nothing more to tell it.
        }
        Attempt refused;
        refused.refused = true;
        return refused;
    }
    Attempt taken;
    taken.client = ClientConnection{std::move(accepted->socket), std::move(accepted->peer_address), std::move(*slot)};
    return taken;
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
