// Times three ways of sending a file over one loopback TCP connection:
// sendfile(2), pread(2) into a buffer then send(2), and mmap(2) windows
// then send(2). A thread reads and discards on the other end. Each way runs
// five times; the median is printed. Not part of the build:
//   g++ -O2 -std=c++20 -pthread bench/probes/send_file.cpp -o /tmp/send_file
//   /tmp/send_file FILE
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

[[noreturn]] void fail(const char* what) {
    std::perror(what);
    std::exit(1);
}

void send_all(int socket, const char* bytes, std::size_t size) {
    while (size > 0) {
        const ssize_t sent = ::send(socket, bytes, size, MSG_NOSIGNAL);
        if (sent <= 0) fail("send");
        bytes += sent;
        size -= static_cast<std::size_t>(sent);
    }
}

void with_sendfile(int socket, int file, std::size_t size, std::size_t) {
    off_t offset = 0;
    while (static_cast<std::size_t>(offset) < size) {
        if (::sendfile(socket, file, &offset, size - static_cast<std::size_t>(offset)) <= 0) fail("sendfile");
    }
}

void with_pread(int socket, int file, std::size_t size, std::size_t window) {
    std::vector<char> buffer(window);
    for (std::size_t offset = 0; offset < size;) {
        const ssize_t got = ::pread(file, buffer.data(), buffer.size(), static_cast<off_t>(offset));
        if (got <= 0) fail("pread");
        send_all(socket, buffer.data(), static_cast<std::size_t>(got));
        offset += static_cast<std::size_t>(got);
    }
}

void with_mmap(int socket, int file, std::size_t size, std::size_t window) {
    for (std::size_t offset = 0; offset < size; offset += window) {
        const std::size_t length = std::min(window, size - offset);
        void* mapped = ::mmap(nullptr, length, PROT_READ, MAP_SHARED, file, static_cast<off_t>(offset));
        if (mapped == MAP_FAILED) fail("mmap");
        send_all(socket, static_cast<const char*>(mapped), length);
        ::munmap(mapped, length);
    }
}

// Median GB/s of five transfers of the whole file with `send`.
double measure(void (*send)(int, int, std::size_t, std::size_t), int file, std::size_t size, std::size_t window) {
    const int listener = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (::bind(listener, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || ::listen(listener, 1) != 0 ||
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
        fail("listen");
    }
    std::vector<double> rates;
    for (int run = 0; run < 5; ++run) {
        const int client = ::socket(AF_INET, SOCK_STREAM, 0);
        if (::connect(client, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) fail("connect");
        const int server = ::accept(listener, nullptr, nullptr);
        const auto start = std::chrono::steady_clock::now();
        std::thread reader([client, size] {
            std::vector<char> sink(1 << 20);
            for (std::size_t got = 0; got < size;) {
                const ssize_t n = ::recv(client, sink.data(), sink.size(), 0);
                if (n <= 0) fail("recv");
                got += static_cast<std::size_t>(n);
            }
        });
        send(server, file, size, window);
        reader.join();
        const std::chrono::duration<double> took = std::chrono::steady_clock::now() - start;
        rates.push_back(static_cast<double>(size) / took.count() / 1e9);
        ::close(server);
        ::close(client);
    }
    ::close(listener);
    std::sort(rates.begin(), rates.end());
    return rates[rates.size() / 2];
}

}  // namespace

int main(int argc, char* argv[]) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
        return 2;
    }
    const int file = ::open(argv[1], O_RDONLY);
    struct stat info {};
    if (file < 0 || ::fstat(file, &info) != 0) fail(argv[1]);
    const auto size = static_cast<std::size_t>(info.st_size);
    std::printf("sendfile            %.2f GB/s\n", measure(with_sendfile, file, size, 0));
    for (const std::size_t window : {16U << 10, 64U << 10, 256U << 10, 1U << 20}) {
        std::printf("pread+send %5zu KiB %.2f GB/s\n", window >> 10, measure(with_pread, file, size, window));
    }
    for (const std::size_t window : {1U << 20, 8U << 20}) {
        std::printf("mmap+send  %5zu KiB %.2f GB/s\n", window >> 10, measure(with_mmap, file, size, window));
    }
    return 0;
}
