#include "http_client.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <stdexcept>
#include <system_error>
#include <utility>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace test {

using Clock = std::chrono::steady_clock;

namespace {

std::string lower(std::string text) {
    std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

}  // namespace

std::string Response::header(const std::string& name) const {
    const auto found = headers.find(name);
    return found == headers.end() ? std::string() : found->second;
}

Client::Client(std::uint16_t port) : socket_(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    if (!socket_) {
        throw std::system_error(errno, std::generic_category(), "socket");
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(socket_.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
        throw std::system_error(errno, std::generic_category(), "connect");
    }
}

void Client::send(std::string_view bytes) const {
    while (!bytes.empty()) {
        const ssize_t sent = ::send(socket_.get(), bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent < 0) {
            throw std::system_error(errno, std::generic_category(), "send");
        }
        bytes.remove_prefix(static_cast<std::size_t>(sent));
    }
}

// Reads what arrives before the deadline into buffered_; false on
// end-of-file, reset or timeout.
bool Client::receive_more(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd watch{.fd = socket_.get(), .events = POLLIN, .revents = 0};
    if (left.count() <= 0 || ::poll(&watch, 1, static_cast<int>(left.count())) <= 0) {
        return false;
    }
    std::array<char, 64 * 1024> chunk{};
    const ssize_t size = ::recv(socket_.get(), chunk.data(), chunk.size(), 0);
    if (size <= 0) {
        return false;
    }
    buffered_.append(chunk.data(), static_cast<std::size_t>(size));
    return true;
}

std::optional<Response> Client::read_response(bool head_request, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::size_t head_end = 0;
    while ((head_end = buffered_.find("\r\n\r\n")) == std::string::npos) {
        if (!receive_more(deadline)) {
            return std::nullopt;
        }
    }
    Response response;
    const std::string head = buffered_.substr(0, head_end);
    std::size_t line_end = head.find("\r\n");
    response.status_line = head.substr(0, line_end);
    if (response.status_line.size() < 12 || !response.status_line.starts_with("HTTP/1.")) {
        throw std::runtime_error("malformed status line: " + response.status_line);
    }
    response.status = std::stoi(response.status_line.substr(9, 3));
    while (line_end != std::string::npos && line_end < head.size()) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        const std::string line = head.substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
        const std::size_t colon = line.find(':');
        if (colon == std::string::npos) {
            throw std::runtime_error("malformed header line: " + line);
        }
        const std::size_t value = line.find_first_not_of(' ', colon + 1);
        response.headers[lower(line.substr(0, colon))] = value == std::string::npos ? "" : line.substr(value);
    }
    buffered_.erase(0, head_end + 4);
    if (head_request || response.status == 304 || response.status == 204) {
        return response;
    }
    if (response.headers.contains("content-length")) {
        const std::size_t length = std::stoull(response.header("content-length"));
        while (buffered_.size() < length) {
            if (!receive_more(deadline)) {
                return std::nullopt;
            }
        }
        response.body = buffered_.substr(0, length);
        buffered_.erase(0, length);
        return response;
    }
    while (receive_more(deadline)) {
    }
    response.body = std::exchange(buffered_, {});
    return response;
}

bool Client::closed_by_peer(std::chrono::milliseconds timeout) {
    if (!buffered_.empty()) {
        return false;
    }
    pollfd watch{.fd = socket_.get(), .events = POLLIN, .revents = 0};
    if (::poll(&watch, 1, static_cast<int>(timeout.count())) <= 0) {
        return false;
    }
    std::array<char, 1> byte{};
    const ssize_t size = ::recv(socket_.get(), byte.data(), byte.size(), 0);
    return size == 0 || (size < 0 && errno == ECONNRESET);
}

std::string Client::read_until_close(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (receive_more(deadline)) {
    }
    return std::exchange(buffered_, {});
}

std::optional<Response> send_request(std::uint16_t port, std::string_view raw, bool head_request) {
    Client client(port);
    client.send(raw);
    return client.read_response(head_request);
}

std::optional<Response> get(std::uint16_t port, std::string_view target) {
    return send_request(port, "GET " + std::string(target) + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
}

}  // namespace test
