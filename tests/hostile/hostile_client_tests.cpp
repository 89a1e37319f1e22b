// Hostile clients against the steps that serve many connections (step 2,
// and steps 3 and 4 when they are built): slowloris, floods of short-lived
// connections, clients that vanish mid-response, too few descriptors, too
// little memory for another thread, and more clients than the connection
// bound. Every attack runs on loopback, bounded in time and count, and ends
// by checking that the server still answers, has closed what it opened, and
// exits cleanly.
#include "catch.hpp"
#include "eventually.hpp"
#include "http_client.hpp"
#include "server_process.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <thread>
#include <utility>
#include <vector>

#include <poll.h>
#include <sys/socket.h>

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

namespace {

enum class Step { threaded, static_files, event_loop };

// Steps 3 and 4 join the attacks once they are built.
std::vector<Step> steps_under_attack() {
    std::vector<Step> steps{Step::threaded};
#ifdef STEP3_STATIC_BINARY
    steps.push_back(Step::static_files);
#endif
#ifdef STEP4_EVENT_LOOP_BINARY
    steps.push_back(Step::event_loop);
#endif
    return steps;
}

// A folder for step 3 to serve: a small page, and a file too large to fit
// in the socket buffers between server and client. Removed at the end.
class ServedFolder {
public:
    static constexpr std::size_t kLargeSize = 16 * 1024 * 1024;
    static constexpr std::string_view kPage = "<!DOCTYPE html><title>small</title><p>A small page.</p>\n";

    ServedFolder() {
        std::string name = (std::filesystem::temp_directory_path() / "hostile-XXXXXX").string();
        if (::mkdtemp(name.data()) == nullptr) {
            throw std::system_error(errno, std::generic_category(), "mkdtemp");
        }
        path_ = name;
        std::ofstream page(path_ / "index.html", std::ios::binary);
        page << kPage;
        std::ofstream large(path_ / "large.bin", std::ios::binary);
        const std::string block(1024 * 1024, 'x');
        for (std::size_t written = 0; written < kLargeSize; written += block.size()) {
            large << block;
        }
        if (!page.flush() || !large.flush()) {
            throw std::runtime_error("cannot write the files for step 3 to serve in " + name);
        }
    }
    ServedFolder(const ServedFolder&) = delete;
    ServedFolder& operator=(const ServedFolder&) = delete;
    ~ServedFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }

    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

// What the server holds before an attack, to compare with after it.
struct Holdings {
    int threads = 0;
    int descriptors = 0;

    static Holdings of(const test::ServerProcess& process) {
        return Holdings{process.thread_count(), process.open_descriptors()};
    }
    bool operator==(const Holdings&) const = default;
};

// A step's real binary under attack, with what to ask of it.
class ServerUnderTest {
public:
    explicit ServerUnderTest(Step step, std::vector<std::string> arguments = {}, test::ProcessLimits limits = {})
        : step_(step),
          folder_(step != Step::threaded ? std::make_unique<ServedFolder>() : nullptr),
          process_(binary(step), with_folder(std::move(arguments)), limits) {}

    std::uint16_t port() const { return process_.port(); }
    test::ServerProcess& process() { return process_; }
    const char* name() const {
        switch (step_) {
            case Step::threaded: return "step 2";
            case Step::static_files: return "step 3";
            case Step::event_loop: return "step 4";
        }
        return "?";
    }

    /// True for the step that serves every connection on one thread.
    bool one_thread() const { return step_ == Step::event_loop; }

    /// A GET of the small answer, keeping the connection open unless `close`.
    std::string small_request(bool close = false) const {
        return "GET " + std::string(step_ == Step::threaded ? "/" : "/index.html") +
               " HTTP/1.1\r\nHost: localhost\r\n" + (close ? "Connection: close\r\n" : "") + "\r\n";
    }

    /// The body of the small answer.
    std::string small_body() const {
        return step_ == Step::threaded ? std::string("Hello, World!") : std::string(ServedFolder::kPage);
    }

    /// A GET of a file larger than the socket buffers, where the step serves files.
    std::optional<std::string> large_request() const {
        if (!folder_) {
            return std::nullopt;
        }
        return std::string("GET /large.bin HTTP/1.1\r\nHost: localhost\r\n\r\n");
    }

    /// True when a new client gets the small answer within `timeout`.
    bool answers(std::chrono::milliseconds timeout) const {
        test::Client client(port());
        client.send(small_request(true));
        const auto response = client.read_response(false, timeout);
        return response && response->status == 200 && response->body == small_body();
    }

    /// What the server holds with no client connected, once a first
    /// request has been served (ThreadSanitizer starts a thread of its own
    /// by then, and a step may open what it needs lazily).
    Holdings settle() {
        REQUIRE(answers(5s));
        Holdings previous;
        Holdings now = Holdings::of(process_);
        const auto deadline = Clock::now() + 3s;
        while (now != previous && Clock::now() < deadline) {
            std::this_thread::sleep_for(100ms);
            previous = std::exchange(now, Holdings::of(process_));
        }
        return now;
    }

    /// True when SIGTERM makes the server exit with status 0: it did not
    /// crash, and no sanitizer stopped it.
    bool exits_cleanly() { return process_.stop(SIGTERM, 2s) == 0; }

private:
    static std::string binary(Step step) {
#ifdef STEP4_EVENT_LOOP_BINARY
        if (step == Step::event_loop) {
            return STEP4_EVENT_LOOP_BINARY;
        }
#endif
#ifdef STEP3_STATIC_BINARY
        if (step == Step::static_files) {
            return STEP3_STATIC_BINARY;
        }
#endif
        (void)step;
        return STEP2_THREADED_BINARY;
    }

    std::vector<std::string> with_folder(std::vector<std::string> arguments) const {
        if (folder_) {
            arguments.insert(arguments.begin(), {"-d", folder_->path().string()});
        }
        return arguments;
    }

    Step step_;
    std::unique_ptr<ServedFolder> folder_;
    test::ServerProcess process_;
};

// Without waiting: true once the server has ended the connection (after
// any answer such as a 408), by end-of-file or a reset.
bool ended_by_server(const test::Client& client) {
    std::array<char, 4096> buffer{};
    while (true) {
        const ssize_t size = ::recv(client.socket().get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
        if (size == 0) {
            return true;
        }
        if (size < 0) {
            return errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR;
        }
    }
}

// Reads up to `limit` bytes of whatever arrives within `timeout`.
std::size_t read_a_little(const test::Client& client, std::size_t limit, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::array<char, 16 * 1024> buffer{};
    std::size_t total = 0;
    while (total < limit) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        pollfd watch{.fd = client.socket().get(), .events = POLLIN, .revents = 0};
        if (left.count() <= 0 || ::poll(&watch, 1, static_cast<int>(left.count())) <= 0) {
            break;
        }
        const ssize_t size = ::recv(client.socket().get(), buffer.data(), std::min(buffer.size(), limit - total), 0);
        if (size <= 0) {
            break;
        }
        total += static_cast<std::size_t>(size);
    }
    return total;
}

// Makes closing the client send a reset instead of an orderly end.
void reset_on_close(const test::Client& client) {
    const linger abort{.l_onoff = 1, .l_linger = 0};
    if (::setsockopt(client.socket().get(), SOL_SOCKET, SO_LINGER, &abort, sizeof abort) != 0) {
        throw std::system_error(errno, std::generic_category(), "setsockopt(SO_LINGER)");
    }
}

}  // namespace

TEST_CASE("slowloris connections neither delay a new client nor outlive the request timeout",
          "[step2][step3][step4][hostile]") {
    const Step step = GENERATE(from_range(steps_under_attack()));
    ServerUnderTest server(step, {"-q"});
    CAPTURE(server.name());
    const Holdings before = server.settle();

    // Each slow client sends a header byte a second, of a request head far
    // longer than the request timeout lets it finish.
    constexpr auto kSlow = static_cast<std::size_t>(test::load_count(300));
    const std::string trickle = "GET / HTTP/1.1\r\nHost: localhost\r\nX-Slow: " + std::string(64, 'z');
    std::vector<test::Client> slow;
    slow.reserve(kSlow);
    for (std::size_t i = 0; i < kSlow; ++i) {
        slow.emplace_back(server.port());
    }
    std::vector<bool> ended(kSlow, false);
    std::optional<Clock::duration> first_end;
    const auto start = Clock::now();
    int bytes_sent = 0;
    bool new_client_checked = false;
    while (std::ranges::count(ended, true) < static_cast<std::ptrdiff_t>(kSlow) && Clock::now() < start + 10s) {
        const bool send_now = Clock::now() >= start + std::chrono::seconds(bytes_sent);
        for (std::size_t i = 0; i < kSlow; ++i) {
            if (ended[i]) {
                continue;
            }
            ended[i] = ended_by_server(slow[i]);
            if (ended[i] && !first_end) {
                first_end = Clock::now() - start;
            }
            if (!ended[i] && send_now) {
                // A failed send means the server hung up; the next round sees it.
                const char byte = trickle[static_cast<std::size_t>(bytes_sent)];
                ::send(slow[i].socket().get(), &byte, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
            }
        }
        bytes_sent += send_now ? 1 : 0;
        if (bytes_sent == 3 && !new_client_checked) {
            new_client_checked = true;
            // Every slow connection holds a thread of its own by now (or,
            // in step 4, a place in the one thread's loop)...
            if (server.one_thread()) {
                CHECK(server.process().thread_count() == before.threads);
            } else {
                CHECK(server.process().thread_count() >= before.threads + static_cast<int>(kSlow));
            }
            // ...and a new client is answered all the same.
            const auto asked = Clock::now();
            CHECK(server.answers(1s));
            CHECK(Clock::now() - asked < 1s);
        }
        std::this_thread::sleep_for(50ms);
    }
    const auto all_ended = Clock::now() - start;
    CHECK(new_client_checked);
    CHECK(std::ranges::count(ended, true) == static_cast<std::ptrdiff_t>(kSlow));
    // Held until the request timeout (5 s), and dropped soon after it.
    REQUIRE(first_end);
    CHECK(*first_end >= 4s);
    CHECK(all_ended < 8s);
    CHECK(test::eventually([&] { return Holdings::of(server.process()) == before; }, 5s));
    CHECK(server.answers(1s));
    CHECK(server.exits_cleanly());
}

TEST_CASE("thousands of connections that end at once leave the server serving, with nothing leaked",
          "[step2][step3][step4][hostile]") {
    const Step step = GENERATE(from_range(steps_under_attack()));
    ServerUnderTest server(step, {"-q"});
    CAPTURE(server.name());
    const Holdings before = server.settle();

    constexpr int kConnections = test::load_count(3000);
    const auto deadline = Clock::now() + 30s;
    int made = 0;
    for (int i = 0; i < kConnections && Clock::now() < deadline; ++i) {
        test::Client client(server.port());
        switch (i % 3) {
            case 0:  // connect, then close at once
                break;
            case 1:  // connect, then reset
                reset_on_close(client);
                break;
            default:  // send a request, half-close, and leave without reading
                client.send(server.small_request());
                ::shutdown(client.socket().get(), SHUT_WR);
                break;
        }
        ++made;
    }
    CHECK(made == kConnections);
    // Every connection's thread ends and its descriptor is closed.
    CHECK(test::eventually([&] { return Holdings::of(server.process()) == before; }, 15s));
    // A client that half-closes after its request still gets the answer.
    for (int i = 0; i < 20; ++i) {
        test::Client client(server.port());
        client.send(server.small_request());
        ::shutdown(client.socket().get(), SHUT_WR);
        const auto response = client.read_response();
        REQUIRE(response);
        CHECK(response->status == 200);
        CHECK(response->body == server.small_body());
        CHECK(client.closed_by_peer());
    }
    CHECK(server.answers(1s));
    // And so do those of the half-closed clients.
    CHECK(test::eventually([&] { return Holdings::of(server.process()) == before; }, 10s));
    CHECK(server.exits_cleanly());
}

TEST_CASE("clients that vanish mid-response leave the server serving, with nothing leaked",
          "[step2][step3][step4][hostile]") {
    const Step step = GENERATE(from_range(steps_under_attack()));
    ServerUnderTest server(step, {"-q"});
    CAPTURE(server.name());
    const Holdings before = server.settle();

    // Many pipelined requests; the client reads the first answer, then
    // closes with the rest unread, so the server's next writes meet a reset.
    std::string pipeline;
    for (int i = 0; i < 2000; ++i) {
        pipeline += server.small_request();
    }
    for (int i = 0; i < 20; ++i) {
        test::Client client(server.port());
        client.send(pipeline);
        const auto first = client.read_response();
        REQUIRE(first);
        CHECK(first->status == 200);
    }
    // A file larger than the socket buffers: read a little, or nothing, and go.
    if (const auto large = server.large_request()) {
        for (int i = 0; i < 20; ++i) {
            test::Client client(server.port());
            client.send(*large);
            if (i % 2 == 0) {
                CHECK(read_a_little(client, 64 * 1024, 5s) == 64 * 1024);
            }
        }
    }
    CHECK(server.answers(1s));
    CHECK(test::eventually([&] { return Holdings::of(server.process()) == before; }, 10s));
    CHECK(server.exits_cleanly());
}

// UndefinedBehaviorSanitizer checks an object's dynamic type by probing
// memory through a pipe: with every descriptor taken, that fails and it
// reports a false error. The asan preset pairs it with AddressSanitizer, so
// this test runs in the other builds.
#if !defined(TEST_ADDRESS_SANITIZER)
TEST_CASE("out of descriptors, the server waits without spinning and resumes when clients leave",
          "[step2][step3][step4][hostile]") {
    const Step step = GENERATE(from_range(steps_under_attack()));
    // 64 descriptors, soft and hard limit alike, so the server cannot raise it.
    constexpr rlim_t kDescriptors = 64;
    ServerUnderTest server(step, {"-q"}, test::ProcessLimits{.open_files = kDescriptors});
    CAPTURE(server.name());

    // More clients than descriptors, each sending a request and keeping its
    // connection open: the kernel queues those the server cannot accept.
    constexpr std::size_t kClients = 100;
    std::vector<std::optional<test::Client>> clients(kClients);
    for (std::optional<test::Client>& client : clients) {
        client.emplace(server.port());
        client->send(server.small_request());
    }
    // The server holds every descriptor it may have.
    REQUIRE(test::eventually([&] { return server.process().open_descriptors() >= static_cast<int>(kDescriptors); }, 10s));
    // While it cannot accept, the server must not spin on the listener.
    const auto cpu_before = server.process().cpu_time();
    std::this_thread::sleep_for(2s);
    const auto cpu_used = server.process().cpu_time() - cpu_before;
    CHECK(cpu_used < 500ms);

    // Without waiting: true when bytes (or the end) wait to be read.
    const auto readable = [](const test::Client& client) {
        pollfd watch{.fd = client.socket().get(), .events = POLLIN, .revents = 0};
        return ::poll(&watch, 1, 0) > 0;
    };
    // Those accepted have their answers; the rest wait in the queue (unless
    // on a slow machine the request timeout has already freed descriptors).
    std::vector<std::size_t> waiting;
    std::size_t answered = 0;
    for (std::size_t i = 0; i < kClients; ++i) {
        if (!readable(*clients[i])) {
            waiting.push_back(i);
            continue;
        }
        const auto response = clients[i]->read_response(false, 1s);
        REQUIRE(response);
        // Step 3 opens a file per request and may find no descriptor for
        // it: a server error is a fair answer then, a crash is not.
        CHECK((response->status == 200 || response->status >= 500));
        ++answered;
        clients[i].reset();
    }
    CHECK(answered > 0);
    CAPTURE(answered, waiting.size());

    // Those clients have left: the waiting ones are served now.
    const auto deadline = Clock::now() + 8s;
    std::size_t served_later = 0;
    for (const std::size_t i : waiting) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        const auto response = clients[i]->read_response(false, std::max(left, 1ms));
        if (response && response->status == 200 && response->body == server.small_body()) {
            ++served_later;
        }
    }
    CHECK(served_later == waiting.size());
    clients.clear();
    CHECK(test::eventually([&] { return server.answers(1s); }, 3s));
    CHECK(server.exits_cleanly());
}
#endif

// AddressSanitizer ends the program when its own allocator cannot map
// memory, so under it this test would show only that; the other builds run it.
#if !defined(TEST_ADDRESS_SANITIZER)
namespace {

// The steps that start a thread per connection.
std::vector<Step> steps_with_threads() {
    std::vector<Step> steps = steps_under_attack();
    std::erase(steps, Step::event_loop);
    return steps;
}

}  // namespace

TEST_CASE("a client whose thread cannot be started is closed, and the server serves on",
          "[step2][step3][hostile]") {
    const Step step = GENERATE(from_range(steps_with_threads()));
    ServerUnderTest server(step);
    CAPTURE(server.name());
    const Holdings before = server.settle();
    // Room for the stacks of some threads, not of a hundred and fifty.
    server.process().limit_address_space_growth(16 * 1024 * 1024);

    constexpr int kClients = 150;
    std::vector<test::Client> idle;
    idle.reserve(kClients);
    for (int i = 0; i < kClients; ++i) {
        idle.emplace_back(server.port());
    }
    // Those past the limit are closed at once, and the server says why.
    REQUIRE(test::eventually(
        [&] { return server.process().stderr_output().find("cannot start a thread") != std::string::npos; }, 5s));
    std::size_t closed = 0;
    REQUIRE(test::eventually(
        [&] {
            closed = static_cast<std::size_t>(std::ranges::count_if(idle, ended_by_server));
            return closed > 0;
        },
        2s));
    CHECK(server.process().thread_count() < before.threads + kClients);
    // Once those clients leave, threads start again.
    idle.clear();
    CHECK(test::eventually([&] { return server.answers(1s); }, 5s));
    CHECK(test::eventually([&] { return Holdings::of(server.process()) == before; }, 10s));
    CHECK(server.exits_cleanly());
}
#endif

TEST_CASE("with --max-connections 8, exactly 8 clients are served at once and the rest get 503",
          "[step2][step3][step4][hostile]") {
    const Step step = GENERATE(from_range(steps_under_attack()));
    constexpr int kBound = 8;
    ServerUnderTest server(step, {"-q", "--max-connections", std::to_string(kBound)});
    CAPTURE(server.name());
    const Holdings before = server.settle();

    // Forty clients at once, each on a thread of the test; each keeps its
    // connection open after its answer.
    constexpr int kClients = 40;
    std::vector<std::optional<test::Client>> clients(kClients);
    std::vector<int> statuses(kClients, 0);
    std::vector<std::thread> threads;
    for (std::size_t i = 0; i < kClients; ++i) {
        threads.emplace_back([&, i] {
            try {
                clients[i].emplace(server.port());
                clients[i]->send(server.small_request());
                const auto response = clients[i]->read_response(false, 5s);
                statuses[i] = response ? response->status : 0;
            } catch (const std::exception&) {
                statuses[i] = -1;
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    CHECK(std::ranges::count(statuses, 200) == kBound);
    CHECK(std::ranges::count(statuses, 503) == kClients - kBound);
    CHECK(server.process().thread_count() <= before.threads + kBound);

    // The served clients are served still, and a slot freed serves the next.
    std::optional<std::size_t> leaving;
    for (std::size_t i = 0; i < kClients; ++i) {
        if (statuses[i] != 200) {
            continue;
        }
        clients[i]->send(server.small_request());
        const auto again = clients[i]->read_response();
        REQUIRE(again);
        CHECK(again->status == 200);
        leaving = i;
    }
    REQUIRE(leaving);
    clients[*leaving].reset();
    CHECK(test::eventually([&] { return server.answers(1s); }, 3s));
    CHECK(server.exits_cleanly());
}
