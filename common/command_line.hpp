#pragma once

#include "server.hpp"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace http {

/// The flags a step accepts besides -h, -q, -b and the port: only those
/// that mean something for it.
struct ExtraFlags {
    bool max_connections = false;  ///< --max-connections N: a server that serves many clients at once
    bool directory = false;        ///< -d DIRECTORY: a server that serves files
};

/// What the command line asks of a server.
struct CommandLine {
    ServerOptions server;         ///< -b, the port, --max-connections
    bool quiet = false;           ///< -q: no access log
    std::string directory = ".";  ///< -d: the folder to serve
};

/// What parsing the arguments gave: the command line, or a message and exit code.
struct ParsedCommandLine {
    std::optional<CommandLine> options;  ///< set when the server should start
    std::string message;                 ///< usage (for -h) or what was wrong
    int exit_code = 0;                   ///< 0 for -h, 2 for a bad argument
};

/// Parses `[-h] [-q] [-b ADDRESS] [--max-connections N] [-d DIRECTORY] [port]`
/// (arguments after the program name, the last two flags only when `extra`
/// accepts them), in the shape of `python3 -m http.server`.
ParsedCommandLine parse_command_line(std::string_view program, std::span<const std::string_view> arguments,
                                     ExtraFlags extra = {});

/// Parses main()'s arguments; prints the usage and exits for -h, or prints
/// what was wrong and exits non-zero for a bad argument.
CommandLine parse_command_line_or_exit(int argc, char* argv[], ExtraFlags extra = {});

}  // namespace http
