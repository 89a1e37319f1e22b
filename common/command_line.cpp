#include "command_line.hpp"

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

namespace http {

namespace {

std::string usage(std::string_view program, ExtraFlags extra) {
    return fmt::format(
        "usage: {} [-h] [-q] [-b ADDRESS]{}{} [port]\n"
        "\n"
        "positional arguments:\n"
        "  port                  port to listen on (default: 8000; 0 picks a free one)\n"
        "\n"
        "options:\n"
        "  -h, --help            show this help and exit\n"
        "  -q, --quiet           do not log requests\n"
        "  -b, --bind ADDRESS    address to listen on (default: 127.0.0.1;\n"
        "                        0.0.0.0 or :: lets other machines connect)\n"
        "{}{}",
        program, extra.max_connections ? " [--max-connections N]" : "", extra.directory ? " [-d DIRECTORY]" : "",
        extra.max_connections ? "  --max-connections N   clients served at once; more get 503 (default: 4096)\n" : "",
        extra.directory ? "  -d, --directory DIR   folder to serve (default: the current folder)\n" : "");
}

ParsedCommandLine failure(std::string_view program, const std::string& what) {
    return ParsedCommandLine{std::nullopt, fmt::format("{}: error: {}\nTry '{} --help'.\n", program, what, program), 2};
}

// A whole number, digits only, from `minimum` to `maximum`.
std::optional<std::size_t> parse_number(std::optional<std::string_view> text, std::size_t minimum,
                                        std::size_t maximum) {
    std::size_t value = 0;
    if (!text || text->empty()) {
        return std::nullopt;
    }
    const auto [end, error] = std::from_chars(text->data(), text->data() + text->size(), value);
    if (error != std::errc() || end != text->data() + text->size() || value < minimum || value > maximum) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

ParsedCommandLine parse_command_line(std::string_view program, std::span<const std::string_view> arguments,
                                     ExtraFlags extra) {
    CommandLine options;
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
        if (argument == "-h" || argument == "--help") {
            return ParsedCommandLine{std::nullopt, usage(program, extra), 0};
        } else if ((argument == "-q" || argument == "--quiet") && !attached) {
            options.quiet = true;
        } else if (argument == "-b" || argument == "--bind") {
            const auto address = value();
            if (!address || address->empty()) {
                return failure(program, fmt::format("{} needs an address", argument));
            }
            options.server.bind_address = *address;
        } else if (extra.max_connections && argument == "--max-connections") {
            const auto maximum = parse_number(value(), 1, SIZE_MAX);
            if (!maximum) {
                return failure(program, "--max-connections needs a whole number above 0");
            }
            options.server.max_connections = *maximum;
        } else if (extra.directory && (argument == "-d" || argument == "--directory")) {
            const auto directory = value();
            if (!directory || directory->empty()) {
                return failure(program, fmt::format("{} needs a directory", argument));
            }
            std::error_code error;
            if (!std::filesystem::is_directory(*directory, error)) {
                return failure(program, fmt::format("'{}' is not a directory", *directory));
            }
            options.directory = *directory;
        } else if (argument.starts_with('-') && argument.size() > 1 && (argument[1] < '0' || argument[1] > '9')) {
            // "-1" is a port out of range rather than an unknown flag.
            return failure(program, fmt::format("unknown option '{}'", arguments[i]));
        } else if (port_seen) {
            return failure(program, fmt::format("unexpected argument '{}'", argument));
        } else if (const auto port = parse_number(argument, 0, 65535)) {
            options.server.port = static_cast<std::uint16_t>(*port);
            port_seen = true;
        } else {
            return failure(program, fmt::format("invalid port '{}' (use a number from 0 to 65535)", argument));
        }
    }
    return ParsedCommandLine{options, "", 0};
}

CommandLine parse_command_line_or_exit(int argc, char* argv[], ExtraFlags extra) {
    const std::string_view program = argc > 0 ? argv[0] : "server";
    const std::vector<std::string_view> arguments(argv + std::min(argc, 1), argv + argc);
    ParsedCommandLine parsed = parse_command_line(program, arguments, extra);
    if (!parsed.options) {
        std::fputs(parsed.message.c_str(), parsed.exit_code == 0 ? stdout : stderr);
        std::exit(parsed.exit_code);
    }
    return *parsed.options;
}

}  // namespace http
