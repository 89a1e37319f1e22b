#include "server_process.hpp"

#include "eventually.hpp"

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <stdexcept>
#include <system_error>
#include <thread>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test {

namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what);
}

}  // namespace

ServerProcess::ServerProcess(const std::string& binary, std::vector<std::string> arguments, ProcessLimits limits) {
    char stderr_template[] = "/tmp/server-stderr-XXXXXX";
    // Close-on-exec, like the pipe below: the server gets only the copies
    // made for its stdout and stderr, so it starts with no stray descriptor.
    const int stderr_fd = ::mkostemp(stderr_template, O_CLOEXEC);
    if (stderr_fd < 0) {
        throw std::system_error(errno, std::generic_category(), "mkostemp");
    }
    stderr_path_ = stderr_template;
    std::array<int, 2> out{};
    if (::pipe2(out.data(), O_CLOEXEC) != 0) {
        throw std::system_error(errno, std::generic_category(), "pipe2");
    }
    arguments.insert(arguments.begin(), binary);
    arguments.emplace_back("0");
    std::vector<char*> argv;
    for (std::string& argument : arguments) {
        argv.push_back(argument.data());
    }
    argv.push_back(nullptr);

    pid_ = ::fork();
    if (pid_ < 0) {
        throw std::system_error(errno, std::generic_category(), "fork");
    }
    if (pid_ == 0) {
        // The child: stdout into the pipe, stderr into the file, its limits,
        // then exec. Only async-signal-safe calls here: the test may run threads.
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(stderr_fd, STDERR_FILENO);
        if (limits.open_files) {
            const rlimit open_files{.rlim_cur = *limits.open_files, .rlim_max = *limits.open_files};
            if (::setrlimit(RLIMIT_NOFILE, &open_files) != 0) {
                ::_exit(126);
            }
        }
        ::execv(argv[0], argv.data());
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(stderr_fd);

    // Read the first line, with a deadline: a server that never prints it
    // fails the test instead of hanging it.
    std::string line;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (line.find('\n') == std::string::npos) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd watch{.fd = out[0], .events = POLLIN, .revents = 0};
        if (left.count() <= 0 || ::poll(&watch, 1, static_cast<int>(left.count())) <= 0) {
            ::close(out[0]);
            fail("the server did not print its 'Serving HTTP on' line: " + stderr_output());
        }
        std::array<char, 256> chunk{};
        const ssize_t size = ::read(out[0], chunk.data(), chunk.size());
        if (size <= 0) {
            ::close(out[0]);
            fail("the server exited before it was ready: " + stderr_output());
        }
        line.append(chunk.data(), static_cast<std::size_t>(size));
    }
    ::close(out[0]);
    const auto at = line.find(" port ");
    if (!line.starts_with("Serving HTTP on ") || at == std::string::npos) {
        fail("unexpected first line: " + line);
    }
    port_ = static_cast<std::uint16_t>(std::stoi(line.substr(at + 6)));
}

ServerProcess::~ServerProcess() {
    if (!reaped_ && pid_ > 0) {
        ::kill(pid_, SIGKILL);
        ::waitpid(pid_, nullptr, 0);
    }
    if (!stderr_path_.empty()) {
        ::unlink(stderr_path_.c_str());
    }
}

std::optional<int> ServerProcess::stop(int signal, std::chrono::milliseconds timeout) {
    if (::kill(pid_, signal) != 0) {
        throw std::system_error(errno, std::generic_category(), "kill");
    }
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
        int status = 0;
        const pid_t done = ::waitpid(pid_, &status, WNOHANG);
        if (done == pid_) {
            reaped_ = true;
            return WIFEXITED(status) ? std::optional<int>(WEXITSTATUS(status)) : std::nullopt;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return std::nullopt;
}

std::string ServerProcess::stderr_output() const {
    std::ifstream file(stderr_path_);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string ServerProcess::stderr_output_containing(const std::string& text,
                                                   std::chrono::milliseconds timeout) const {
    std::string output;
    eventually([&] { return (output = stderr_output()).find(text) != std::string::npos; }, timeout);
    return output;
}

long ServerProcess::peak_rss_kib() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("VmHWM:")) {
            return std::stol(line.substr(6));
        }
    }
    fail("no VmHWM for the server process");
}

void ServerProcess::limit_address_space_growth(std::uint64_t bytes) const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line) && !line.starts_with("VmSize:")) {
    }
    if (!line.starts_with("VmSize:")) {
        fail("no VmSize for the server process");
    }
    rlimit limit{};
    if (::prlimit(pid_, RLIMIT_AS, nullptr, &limit) != 0) {
        throw std::system_error(errno, std::generic_category(), "prlimit");
    }
    limit.rlim_cur = std::stoull(line.substr(7)) * 1024 + bytes;
    if (::prlimit(pid_, RLIMIT_AS, &limit, nullptr) != 0) {
        throw std::system_error(errno, std::generic_category(), "prlimit");
    }
}

std::chrono::milliseconds ServerProcess::cpu_time() const {
    std::ifstream file("/proc/" + std::to_string(pid_) + "/stat");
    std::string stat;
    std::getline(file, stat);
    // The command name in parentheses may hold spaces: fields are counted
    // after its closing parenthesis, where field 3 (state) comes first.
    const std::size_t name_end = stat.rfind(')');
    if (name_end == std::string::npos) {
        fail("no /proc stat for the server process");
    }
    std::istringstream fields(stat.substr(name_end + 1));
    std::string skipped;
    for (int field = 3; field < 14; ++field) {
        fields >> skipped;
    }
    long long user_ticks = 0;
    long long system_ticks = 0;
    if (!(fields >> user_ticks >> system_ticks)) {
        fail("cannot read utime and stime of the server process");
    }
    const long ticks_per_second = ::sysconf(_SC_CLK_TCK);
    return std::chrono::milliseconds((user_ticks + system_ticks) * 1000 / ticks_per_second);
}

int ServerProcess::thread_count() const {
    std::ifstream status("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(status, line)) {
        if (line.starts_with("Threads:")) {
            return std::stoi(line.substr(8));
        }
    }
    fail("no thread count for the server process");
}

int ServerProcess::open_descriptors() const {
    const std::filesystem::path descriptors = "/proc/" + std::to_string(pid_) + "/fd";
    const auto entries = std::filesystem::directory_iterator(descriptors);
    return static_cast<int>(std::distance(std::filesystem::begin(entries), std::filesystem::end(entries)));
}

}  // namespace test
