// Unit tests of the command line: plain function calls on argument lists.
#include "catch.hpp"
#include "command_line.hpp"

#include <cstdio>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <vector>

#include <fmt/format.h>

#include <sys/wait.h>
#include <unistd.h>

using http::ExtraFlags;
using http::ParsedCommandLine;

namespace {

ParsedCommandLine parse(std::initializer_list<std::string_view> arguments, ExtraFlags extra = {}) {
    const std::vector<std::string_view> list(arguments);
    return http::parse_command_line("./server", list, extra);
}

// What a step that serves many clients at once accepts, and one that serves files.
constexpr ExtraFlags kThreaded{.max_connections = true};
constexpr ExtraFlags kFiles{.max_connections = true, .directory = true};

bool contains(std::string_view text, std::string_view part) {
    return text.find(part) != std::string_view::npos;
}

// A bad command line: no options, exit code 2, a message naming the
// program, the problem, and where to get help.
void check_refused(const ParsedCommandLine& parsed, std::string_view problem) {
    CHECK_FALSE(parsed.options.has_value());
    CHECK(parsed.exit_code == 2);
    CHECK(parsed.message.starts_with("./server: error: "));
    CHECK(contains(parsed.message, problem));
    CHECK(contains(parsed.message, "--help"));
}

// What parse_command_line_or_exit() did in a child process: its exit code
// (99 if it returned options instead of exiting) and what it printed.
struct Exited {
    int exit_code = -1;
    std::string out;
    std::string err;
};

std::string read_everything(int fd) {
    std::string text;
    char chunk[1024];
    ssize_t size = 0;
    while ((size = ::read(fd, chunk, sizeof chunk)) > 0) {
        text.append(chunk, static_cast<std::size_t>(size));
    }
    return text;
}

Exited run_or_exit(std::vector<std::string> arguments) {
    int out[2] = {-1, -1};
    int err[2] = {-1, -1};
    REQUIRE(::pipe(out) == 0);
    REQUIRE(::pipe(err) == 0);
    std::fflush(stdout);
    std::fflush(stderr);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
        std::vector<char*> argv;
        for (std::string& argument : arguments) {
            argv.push_back(argument.data());
        }
        argv.push_back(nullptr);
        http::parse_command_line_or_exit(static_cast<int>(arguments.size()), argv.data());
        std::fflush(nullptr);
        ::_exit(99);
    }
    ::close(out[1]);
    ::close(err[1]);
    Exited exited;
    exited.out = read_everything(out[0]);
    exited.err = read_everything(err[0]);
    ::close(out[0]);
    ::close(err[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    REQUIRE(WIFEXITED(status));
    exited.exit_code = WEXITSTATUS(status);
    return exited;
}

}  // namespace

TEST_CASE("from main(), a bad argument prints what was wrong on stderr and exits with 2", "[common][command_line]") {
    const Exited exited = run_or_exit({"./step", "-b", "::1", "70000"});
    CHECK(exited.exit_code == 2);
    CHECK(exited.out.empty());
    CHECK(exited.err == "./step: error: invalid port '70000' (use a number from 0 to 65535)\nTry './step --help'.\n");
}

TEST_CASE("from main(), --help prints the usage on stdout and exits with 0", "[common][command_line]") {
    const Exited exited = run_or_exit({"/path/to/step", "--help"});
    CHECK(exited.exit_code == 0);
    CHECK(exited.out.starts_with("usage: /path/to/step [-h]"));
    CHECK(exited.err.empty());
}

TEST_CASE("from main(), good arguments return the options", "[common][command_line]") {
    CHECK(run_or_exit({"./step", "-q", "0"}).exit_code == 99);
}

TEST_CASE("no arguments give the defaults: loopback, port 8000, logging on", "[common][command_line]") {
    const ParsedCommandLine parsed = parse({});
    REQUIRE(parsed.options.has_value());
    CHECK(parsed.exit_code == 0);
    CHECK(parsed.message.empty());
    CHECK(parsed.options->server.bind_address == "127.0.0.1");
    CHECK(parsed.options->server.port == 8000);
    CHECK(parsed.options->directory == ".");
    CHECK_FALSE(parsed.options->quiet);
    CHECK(parsed.options->server.max_connections == 4096);
}

TEST_CASE("the positional argument is the port, from 0 to 65535", "[common][command_line]") {
    CHECK(parse({"8080"}).options->server.port == 8080);
    CHECK(parse({"0"}).options->server.port == 0);
    CHECK(parse({"1"}).options->server.port == 1);
    CHECK(parse({"65535"}).options->server.port == 65535);
}

TEST_CASE("a port that is not a number from 0 to 65535 is refused", "[common][command_line]") {
    const char* port = GENERATE("65536", "99999999999999999999", "-1", "abc", "", "80a", " 80", "8 0", "0x50",
                                "+80", "-");
    INFO("port '" << port << "'");
    const ParsedCommandLine parsed = parse({port});
    check_refused(parsed, "invalid port '" + std::string(port) + "'");
}

TEST_CASE("the options -b, --bind and --bind= set the address", "[common][command_line]") {
    CHECK(parse({"-b", "0.0.0.0"}).options->server.bind_address == "0.0.0.0");
    CHECK(parse({"--bind", "::"}).options->server.bind_address == "::");
    CHECK(parse({"--bind=::1"}).options->server.bind_address == "::1");
    const ParsedCommandLine both = parse({"-b", "localhost", "9000"});
    REQUIRE(both.options.has_value());
    CHECK(both.options->server.bind_address == "localhost");
    CHECK(both.options->server.port == 9000);
    CHECK(parse({"9000", "--bind", "::1"}).options->server.port == 9000);
}

TEST_CASE("the option -b without an address is refused", "[common][command_line]") {
    SECTION("at the end") {
        check_refused(parse({"-b"}), "-b needs an address");
    }
    SECTION("--bind at the end") {
        check_refused(parse({"8000", "--bind"}), "--bind needs an address");
    }
    SECTION("--bind= with nothing after it") {
        check_refused(parse({"--bind="}), "--bind needs an address");
    }
    SECTION("an empty address") {
        check_refused(parse({"-b", ""}), "-b needs an address");
    }
    SECTION("another option where the address should be") {
        check_refused(parse({"-b", "-q"}), "-b needs an address");
    }
}

TEST_CASE("the options -q and --quiet silence the access log", "[common][command_line]") {
    CHECK(parse({"-q"}).options->quiet);
    CHECK(parse({"--quiet", "0"}).options->quiet);
    check_refused(parse({"--quiet=yes"}), "unknown option '--quiet=yes'");
}

TEST_CASE("the options -h and --help give the usage, naming the program, with exit code 0", "[common][command_line]") {
    const char* flag = GENERATE("-h", "--help");
    const ParsedCommandLine parsed = parse({"8080", flag});
    CHECK_FALSE(parsed.options.has_value());
    CHECK(parsed.exit_code == 0);
    CHECK(parsed.message.starts_with("usage: ./server "));
    CHECK(contains(parsed.message, "[port]"));
    CHECK(contains(parsed.message, "--bind"));
    CHECK_FALSE(contains(parsed.message, "--max-connections"));
    CHECK_FALSE(contains(parsed.message, "--directory"));
}

TEST_CASE("an unknown flag is refused, named in the message", "[common][command_line]") {
    const char* flag = GENERATE("-x", "--verbose", "--port=80", "-bq", "--");
    check_refused(parse({flag}), "unknown option '" + std::string(flag) + "'");
}

TEST_CASE("a second positional argument is refused", "[common][command_line]") {
    check_refused(parse({"8000", "9000"}), "unexpected argument '9000'");
    check_refused(parse({"8000", "extra"}), "unexpected argument 'extra'");
}

TEST_CASE("the option -d is only accepted by a step that serves a directory", "[common][command_line]") {
    const std::string here = std::filesystem::temp_directory_path().string();
    SECTION("basic steps refuse it") {
        check_refused(parse({"-d", here}), "unknown option '-d'");
        check_refused(parse({"--directory", here}), "unknown option '--directory'");
    }
    SECTION("a step with a directory takes it") {
        CHECK(parse({"-d", here}, kFiles).options->directory == here);
        CHECK(parse({"--directory", here, "0"}, kFiles).options->directory == here);
        CHECK(parse({"--directory=" + here}, kFiles).options->directory == here);
    }
    SECTION("its usage names it") {
        const ParsedCommandLine parsed = parse({"--help"}, kFiles);
        CHECK(contains(parsed.message, "-d, --directory"));
    }
}

TEST_CASE("the option -d with something that is not a directory is refused", "[common][command_line]") {
    const std::filesystem::path file = std::filesystem::temp_directory_path() / "command_line_tests_file.txt";
    std::FILE* created = std::fopen(file.c_str(), "w");
    REQUIRE(created != nullptr);
    std::fclose(created);
    SECTION("a file") {
        check_refused(parse({"-d", file.string()}, kFiles),
                      fmt::format("'{}' is not a directory", file.string()));
    }
    SECTION("a missing path") {
        check_refused(parse({"-d", "/no/such/directory"}, kFiles),
                      "'/no/such/directory' is not a directory");
    }
    SECTION("nothing") {
        check_refused(parse({"-d"}, kFiles), "-d needs a directory");
        check_refused(parse({"--directory="}, kFiles), "--directory needs a directory");
    }
    std::filesystem::remove(file);
}

TEST_CASE("the option --max-connections is only accepted by a step that serves many clients at once",
          "[common][command_line]") {
    check_refused(parse({"--max-connections", "10"}), "unknown option '--max-connections'");
    CHECK(parse({"--max-connections", "10"}, kThreaded).options->server.max_connections == 10);
    CHECK(contains(parse({"--help"}, kThreaded).message, "--max-connections N"));
}

TEST_CASE("the option --max-connections takes a whole number above 0", "[common][command_line]") {
    CHECK(parse({"--max-connections", "1"}, kThreaded).options->server.max_connections == 1);
    CHECK(parse({"--max-connections=250"}, kThreaded).options->server.max_connections == 250);
    const char* bad = GENERATE("0", "-1", "abc", "", "10x", "99999999999999999999999");
    INFO("value '" << bad << "'");
    check_refused(parse({"--max-connections", bad}, kThreaded), "--max-connections needs a whole number above 0");
}

TEST_CASE("the option --max-connections without a value is refused", "[common][command_line]") {
    check_refused(parse({"--max-connections"}, kThreaded), "--max-connections needs a whole number above 0");
}
