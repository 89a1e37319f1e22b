#include "command_line.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace http {

namespace {

std::string usage(std::string_view program, CommandLine accepted) {
    const bool directory = accepted == CommandLine::with_directory;
    return fmt::format(
        "usage: {} [-h] [-q] [-b ADDRESS] [--max-connections N]{} [port]\n"
        "\n"
        "positional arguments:\n"
        "  port                  port to listen on (default: 8000; 0 picks a free one)\n"
        "\n"
        "options:\n"
        "  -h, --help            show this help and exit\n"
        "  -q, --quiet           do not log requests\n"
        "  -b, --bind ADDRESS    address to listen on (default: 127.0.0.1;\n"
        "                        0.0.0.0 or :: lets other machines connect)\n"
        "  --max-connections N   clients served at once; more get 503 (default: 4096)\n"
        "{}",
        program, directory ? " [-d DIRECTORY]" : "",
        directory ? "  -d, --directory DIR   folder to serve (default: the current folder)\n" : "");
}

ParsedCommandLine failure(std::string_view program, const std::string& what) {
    return ParsedCommandLine{std::nullopt, fmt::format("{}: error: {}\nTry '{} --help'.\n", program, what, program), 2};
}

// "-1" is a port out of range rather than an unknown flag, and is reported as one.
bool looks_like_number(std::string_view text) {
    return !text.empty() && text.front() >= '0' && text.front() <= '9';
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
    unsigned value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || error != std::errc() || end != text.data() + text.size() || value > 65535) {
        return std::nullopt;
    }
    return static_cast<std::uint16_t>(value);
}

}  // namespace

ParsedCommandLine parse_command_line(std::string_view program, std::span<const std::string_view> arguments,
                                     CommandLine accepted) {
    ServerOptions options;
    bool port_seen = false;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        std::string_view argument = arguments[i];
        // "--bind=ADDRESS" is the same as "--bind ADDRESS".
        std::optional<std::string_view> attached;
        if (const auto equals = argument.find('='); argument.starts_with("--") && equals != std::string_view::npos) {
            attached = argument.substr(equals + 1);
            argument = argument.substr(0, equals);
        }
        const auto value = [&]() -> std::optional<std::string_view> {
            if (attached) {
                return attached;
            }
            // "-b -q" is a missing address, not an address called "-q".
            if (i + 1 < arguments.size() && !arguments[i + 1].starts_with('-')) {
                return arguments[++i];
            }
            return std::nullopt;
        };
        const bool directory_flag =
            accepted == CommandLine::with_directory && (argument == "-d" || argument == "--directory");
        if (argument == "-h" || argument == "--help") {
            return ParsedCommandLine{std::nullopt, usage(program, accepted), 0};
        } else if ((argument == "-q" || argument == "--quiet") && !attached) {
            options.quiet = true;
        } else if (argument == "-b" || argument == "--bind") {
            const auto address = value();
            if (!address || address->empty()) {
                return failure(program, fmt::format("{} needs an address", argument));
            }
            options.bind_address = *address;
        } else if (argument == "--max-connections") {
            const auto text = value();
            std::size_t maximum = 0;
            const auto [end, error] = text ? std::from_chars(text->data(), text->data() + text->size(), maximum)
                                           : std::from_chars_result{nullptr, std::errc::invalid_argument};
            if (!text || error != std::errc() || end != text->data() + text->size() || maximum == 0) {
                return failure(program, "--max-connections needs a whole number above 0");
            }
            options.max_connections = maximum;
        } else if (directory_flag) {
            const auto directory = value();
            if (!directory || directory->empty()) {
                return failure(program, fmt::format("{} needs a directory", argument));
            }
            std::error_code error;
            if (!std::filesystem::is_directory(*directory, error)) {
                return failure(program, fmt::format("'{}' is not a directory", *directory));
            }
            options.directory = *directory;
        } else if (argument.starts_with('-') && argument.size() > 1 && !looks_like_number(argument.substr(1))) {
            return failure(program, fmt::format("unknown option '{}'", arguments[i]));
        } else if (port_seen) {
            return failure(program, fmt::format("unexpected argument '{}'", argument));
        } else if (const auto port = parse_port(argument)) {
            options.port = *port;
            port_seen = true;
        } else {
            return failure(program, fmt::format("invalid port '{}' (use a number from 0 to 65535)", argument));
        }
    }
    return ParsedCommandLine{options, "", 0};
}

ServerOptions parse_command_line_or_exit(int argc, char* argv[], CommandLine accepted) {
    const std::string_view program = argc > 0 ? argv[0] : "server";
    const std::vector<std::string_view> arguments(argv + std::min(argc, 1), argv + argc);
    ParsedCommandLine parsed = parse_command_line(program, arguments, accepted);
    if (!parsed.options) {
        std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
        std::exit(parsed.exit_code);
    }
    return *parsed.options;
}

}  // namespace http
