#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace http {

/// Everything the command line and the step decide about a server.
struct ServerOptions {
    std::string bind_address = "127.0.0.1";  ///< -b: loopback unless asked otherwise
    std::uint16_t port = 8000;                ///< the positional argument; 0 picks a free port
    std::string directory = ".";              ///< -d: the folder step 3 serves
    bool quiet = false;                       ///< -q: no access log
    bool keep_alive = true;                   ///< serve several requests per connection
    std::size_t max_connections = 4096;       ///< past it, new clients get 503
};

/// Which flags a step accepts: step 3 adds -d/--directory.
enum class CommandLine { basic, with_directory };

/// What parsing the arguments gave: options, or a message and exit code.
struct ParsedCommandLine {
    std::optional<ServerOptions> options;  ///< set when the server should start
    std::string message;                   ///< usage (for -h) or what was wrong
    int exit_code = 0;                     ///< 0 for -h, 2 for a bad argument
};

/// Parses `[-h] [-q] [-b ADDRESS] [-d DIRECTORY] [port]` (arguments after
/// the program name), in the shape of `python3 -m http.server`.
ParsedCommandLine parse_command_line(std::string_view program, std::span<const std::string_view> arguments,
                                     CommandLine accepted);

/// Parses main()'s arguments; prints the usage and exits for -h, or prints
/// what was wrong and exits non-zero for a bad argument.
ServerOptions parse_command_line_or_exit(int argc, char* argv[], CommandLine accepted = CommandLine::basic);

}  // namespace http
