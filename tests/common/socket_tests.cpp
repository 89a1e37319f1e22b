// Tests of Socket over real loopback connections and socketpairs.
#include "catch.hpp"
#include "loopback.hpp"
#include "socket.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace std::chrono_literals;
using http::Clock;
using http::Socket;
using http::WaitResult;

namespace {

// Bytes that differ from one position to the next, so a lost, repeated or
// reordered stretch shows.
std::string pattern(std::size_t size) {
    std::string bytes(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        bytes[i] = static_cast<char>((i * 7 + i / 251) & 0xFF);
    }
    return bytes;
}

// A temporary file holding `contents`, removed when the test ends.
class TemporaryFile {
public:
    explicit TemporaryFile(const std::string& contents)
        : path_(std::filesystem::temp_directory_path() /
                ("socket_tests_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++))) {
        std::FILE* file = std::fopen(path_.c_str(), "wb");
        REQUIRE(file != nullptr);
        REQUIRE(std::fwrite(contents.data(), 1, contents.size(), file) == contents.size());
        REQUIRE(std::fclose(file) == 0);
    }
    TemporaryFile(const TemporaryFile&) = delete;
    TemporaryFile& operator=(const TemporaryFile&) = delete;
    ~TemporaryFile() { std::filesystem::remove(path_); }

    http::FileDescriptor open() const {
        http::FileDescriptor fd(::open(path_.c_str(), O_RDONLY | O_CLOEXEC));
        REQUIRE(fd);
        return fd;
    }

private:
    static inline int counter_ = 0;
    std::filesystem::path path_;
};

}  // namespace

TEST_CASE("listening on 127.0.0.1 port 0 binds a real port that accepts connections", "[common][socket]") {
    const Socket listener = Socket::listen("127.0.0.1", 0);
    CHECK(listener.local_address() == "127.0.0.1");
    const std::uint16_t port = listener.local_port();
    CHECK(port != 0);
    const Socket client = test::connect_to(port);
    const http::AcceptedSocket accepted = test::accept_from(listener);
    CHECK(accepted.peer_address == "127.0.0.1");
    CHECK(accepted.socket.local_port() == port);
}

TEST_CASE("listening on ::1 binds an IPv6 loopback port", "[common][socket]") {
    const Socket listener = Socket::listen("::1", 0);
    CHECK(listener.local_address() == "::1");
    CHECK(listener.local_port() != 0);
}

TEST_CASE("listening on localhost binds a loopback address", "[common][socket]") {
    const Socket listener = Socket::listen("localhost", 0);
    const std::string address = listener.local_address();
    CHECK((address == "127.0.0.1" || address == "::1"));
    CHECK(listener.local_port() != 0);
}

TEST_CASE("listening on an unknown host name throws an error naming it", "[common][socket]") {
    try {
        (void)Socket::listen("no-such-host.invalid", 0);
        FAIL("listen() should have thrown");
    } catch (const std::exception& error) {
        INFO(error.what());
        CHECK(std::string(error.what()).find("no-such-host.invalid") != std::string::npos);
    }
}

TEST_CASE("listening on a port already in use throws EADDRINUSE naming the port", "[common][socket]") {
    const Socket first = Socket::listen("127.0.0.1", 0);
    const std::uint16_t port = first.local_port();
    try {
        (void)Socket::listen("127.0.0.1", port);
        FAIL("listen() should have thrown");
    } catch (const std::system_error& error) {
        INFO(error.what());
        CHECK(error.code().value() == EADDRINUSE);
        CHECK(std::string(error.what()).find("port " + std::to_string(port)) != std::string::npos);
    }
}

TEST_CASE("accept() with no connection waiting gives nullopt instead of blocking", "[common][socket]") {
    const Socket listener = Socket::listen("127.0.0.1", 0);
    CHECK_FALSE(listener.accept().has_value());
}

TEST_CASE("accept() hands over a blocking socket, or a non-blocking one for an event loop", "[common][socket]") {
    const Socket listener = Socket::listen("127.0.0.1", 0);
    const Socket first_client = test::connect_to(listener.local_port());
    const http::AcceptedSocket blocking = test::accept_from(listener);
    CHECK((::fcntl(blocking.socket.fd(), F_GETFL) & O_NONBLOCK) == 0);

    const Socket second_client = test::connect_to(listener.local_port());
    REQUIRE(listener.wait_readable(Clock::now() + 5s) == WaitResult::ready);
    const std::optional<http::AcceptedSocket> non_blocking = listener.accept(http::AcceptMode::non_blocking);
    REQUIRE(non_blocking.has_value());
    CHECK((::fcntl(non_blocking->socket.fd(), F_GETFL) & O_NONBLOCK) != 0);
}

TEST_CASE("set_no_delay() turns Nagle's algorithm off, which accept() leaves on", "[common][socket]") {
    const test::TcpPair pair = test::tcp_pair();
    const auto no_delay = [&] {
        int value = -1;
        socklen_t size = sizeof value;
        REQUIRE(::getsockopt(pair.server.socket.fd(), IPPROTO_TCP, TCP_NODELAY, &value, &size) == 0);
        return value != 0;
    };
    CHECK_FALSE(no_delay());
    pair.server.socket.set_no_delay();
    CHECK(no_delay());
}

TEST_CASE("send_all() delivers several MiB intact to a reader on another thread", "[common][socket]") {
    auto [sender, receiver] = test::socket_pair();
    const std::string sent = pattern(8 * 1024 * 1024 + 123);
    std::string received;
    std::thread reader([&receiver = receiver, &received] { received = test::read_all(receiver); });
    sender.send_all(sent);
    sender.shutdown_send();
    reader.join();
    REQUIRE(received.size() == sent.size());
    CHECK(received == sent);
}

TEST_CASE("wait_readable() times out at its deadline when nothing arrives", "[common][socket]") {
    auto [a, b] = test::socket_pair();
    const auto start = Clock::now();
    CHECK(a.wait_readable(start + 200ms) == WaitResult::timed_out);
    CHECK(Clock::now() - start >= 190ms);
    CHECK(Clock::now() - start < 5s);
}

TEST_CASE("wait_readable() with a past deadline only checks", "[common][socket]") {
    auto [a, b] = test::socket_pair();
    CHECK(a.wait_readable(Clock::now() - 1s) == WaitResult::timed_out);
    b.send_all("x");
    CHECK(a.wait_readable(Clock::now() - 1s) == WaitResult::ready);
}

TEST_CASE("wait_readable() wakes when data arrives from another thread", "[common][socket]") {
    auto [a, b] = test::socket_pair();
    std::thread writer([&b = b] {
        std::this_thread::sleep_for(100ms);
        b.send_all("hello");
    });
    CHECK(a.wait_readable(Clock::now() + 10s) == WaitResult::ready);
    writer.join();
    char buffer[16];
    CHECK(a.receive_some(buffer) == 5);
    CHECK(std::string_view(buffer, 5) == "hello");
}

TEST_CASE("receive_some() reads at most the buffer's size, and 0 once the peer has closed", "[common][socket]") {
    auto [a, b] = test::socket_pair();
    b.send_all("abcdef");
    char buffer[4];
    CHECK(a.receive_some(buffer) == 4);
    CHECK(std::string_view(buffer, 4) == "abcd");
    CHECK(a.receive_some(buffer) == 2);
    {
        const Socket closing = std::move(b);
    }
    CHECK(a.wait_readable(Clock::now() + 5s) == WaitResult::ready);
    CHECK(a.receive_some(buffer) == 0);
}

TEST_CASE("shutdown_send() gives the peer end-of-file while it can still send back", "[common][socket]") {
    test::TcpPair pair = test::tcp_pair();
    pair.server.socket.send_all("bye");
    pair.server.socket.shutdown_send();
    CHECK(test::read_all(pair.client) == "bye");
    pair.client.send_all("still here");
    char buffer[32];
    REQUIRE(pair.server.socket.wait_readable(Clock::now() + 5s) == WaitResult::ready);
    CHECK(std::string_view(buffer, pair.server.socket.receive_some(buffer)) == "still here");
}

TEST_CASE("shutdown_send() twice, or after the peer has gone, does not throw", "[common][socket]") {
    test::TcpPair pair = test::tcp_pair();
    SECTION("twice") {
        pair.server.socket.shutdown_send();
        CHECK_NOTHROW(pair.server.socket.shutdown_send());
    }
    SECTION("after the peer has closed") {
        {
            const Socket gone = std::move(pair.client);
        }
        REQUIRE(pair.server.socket.wait_readable(Clock::now() + 5s) == WaitResult::ready);
        CHECK_NOTHROW(pair.server.socket.shutdown_send());
    }
}

TEST_CASE("send_file() sends exactly the byte range asked for", "[common][socket]") {
    const std::string contents = pattern(1024 * 1024);
    const TemporaryFile file(contents);
    const http::FileDescriptor fd = file.open();
    auto [sender, receiver] = test::socket_pair();
    std::string received;
    std::thread reader([&receiver = receiver, &received] { received = test::read_all(receiver); });
    SECTION("a range in the middle") {
        sender.send_file(fd, 1000, 300000);
        sender.shutdown_send();
        reader.join();
        CHECK(received == contents.substr(1000, 300000));
    }
    SECTION("the whole file") {
        sender.send_file(fd, 0, contents.size());
        sender.shutdown_send();
        reader.join();
        CHECK(received == contents);
    }
    SECTION("nothing") {
        sender.send_file(fd, 5, 0);
        sender.shutdown_send();
        reader.join();
        CHECK(received.empty());
    }
}

TEST_CASE("send_file() sends a file of many pieces exactly, from inside one piece to inside another",
          "[common][socket]") {
    const std::string contents = pattern(3 * 1024 * 1024 + 12345);
    const TemporaryFile file(contents);
    const http::FileDescriptor fd = file.open();
    auto [sender, receiver] = test::socket_pair();
    std::string received;
    std::thread reader([&receiver = receiver, &received] { received = test::read_all(receiver); });
    const std::uint64_t offset = 777;
    const std::uint64_t size = 2 * 1024 * 1024 + 1001;
    sender.send_file(fd, offset, size);
    sender.shutdown_send();
    reader.join();
    CHECK(received.size() == size);
    CHECK(received == contents.substr(offset, size));
}

TEST_CASE("send_file() leaves the file's own offset alone", "[common][socket]") {
    const TemporaryFile file("0123456789");
    const http::FileDescriptor fd = file.open();
    auto [sender, receiver] = test::socket_pair();
    sender.send_file(fd, 2, 3);
    sender.send_file(fd, 2, 3);
    sender.shutdown_send();
    CHECK(test::read_all(receiver) == "234234");
    CHECK(::lseek(fd.get(), 0, SEEK_CUR) == 0);
}

TEST_CASE("send_file() past the end of the file throws instead of sending short", "[common][socket]") {
    const TemporaryFile file("short");
    const http::FileDescriptor fd = file.open();
    auto [sender, receiver] = test::socket_pair();
    CHECK_THROWS_AS(sender.send_file(fd, 0, 100), std::system_error);
}

TEST_CASE("with a send timeout, sending to a peer that never reads fails instead of hanging", "[common][socket]") {
    test::TcpPair pair = test::tcp_pair();
    pair.server.socket.set_send_timeout(200ms);
    // Far more than the kernel buffers on both sides hold.
    const std::string big(64 * 1024 * 1024, 'x');
    auto sending = std::async(std::launch::async, [&pair, &big] {
        try {
            pair.server.socket.send_all(big);
            return 0;
        } catch (const std::system_error& error) {
            return error.code().value();
        }
    });
    const bool finished = sending.wait_for(30s) == std::future_status::ready;
    if (!finished) {
        ::shutdown(pair.server.socket.fd(), SHUT_RDWR);  // unblock it, so the test can end
    }
    REQUIRE(finished);
    const int error = sending.get();
    CHECK((error == EAGAIN || error == EWOULDBLOCK));
}

TEST_CASE("a Socket closes its descriptor when destroyed", "[common][socket]") {
    int raw = -1;
    {
        auto [a, b] = test::socket_pair();
        raw = a.fd();
        CHECK(::fcntl(raw, F_GETFD) != -1);
    }
    errno = 0;
    CHECK(::fcntl(raw, F_GETFD) == -1);
    CHECK(errno == EBADF);
}
