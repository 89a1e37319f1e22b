// Unit tests of step 3's MIME table.
#include "catch.hpp"
#include "mime_types.hpp"

#include <string>
#include <utility>
#include <vector>

TEST_CASE("mime_type_for gives the web's types from the extension", "[step3][mime]") {
    const std::vector<std::pair<std::string, std::string>> expected{
        {"index.html", "text/html; charset=utf-8"},
        {"old.htm", "text/html; charset=utf-8"},
        {"style.css", "text/css; charset=utf-8"},
        {"app.js", "text/javascript; charset=utf-8"},
        {"module.mjs", "text/javascript; charset=utf-8"},
        {"data.json", "application/json"},
        {"notes.txt", "text/plain; charset=utf-8"},
        {"feed.xml", "application/xml"},
        {"logo.svg", "image/svg+xml"},
        {"photo.png", "image/png"},
        {"photo.jpg", "image/jpeg"},
        {"photo.jpeg", "image/jpeg"},
        {"anim.gif", "image/gif"},
        {"photo.webp", "image/webp"},
        {"favicon.ico", "image/vnd.microsoft.icon"},
        {"photo.avif", "image/avif"},
        {"font.woff", "font/woff"},
        {"font.woff2", "font/woff2"},
        {"font.ttf", "font/ttf"},
        {"font.otf", "font/otf"},
        {"module.wasm", "application/wasm"},
        {"paper.pdf", "application/pdf"},
        {"bundle.zip", "application/zip"},
        {"bundle.gz", "application/gzip"},
        {"song.mp3", "audio/mpeg"},
        {"film.mp4", "video/mp4"},
        {"film.webm", "video/webm"},
        {"sound.ogg", "audio/ogg"},
        {"sound.wav", "audio/wav"},
        {"table.csv", "text/csv; charset=utf-8"},
        {"README.md", "text/markdown; charset=utf-8"},
    };
    for (const auto& [name, type] : expected) {
        CAPTURE(name);
        CHECK(http::mime_type_for(name) == type);
    }
}

TEST_CASE("mime_type_for ignores the case of the extension", "[step3][mime]") {
    CHECK(http::mime_type_for("LOGO.PNG") == "image/png");
    CHECK(http::mime_type_for("Index.Html") == "text/html; charset=utf-8");
    CHECK(http::mime_type_for("app.Js") == "text/javascript; charset=utf-8");
}

TEST_CASE("mime_type_for looks only at the last extension of the last segment", "[step3][mime]") {
    CHECK(http::mime_type_for("archive.tar.gz") == "application/gzip");
    CHECK(http::mime_type_for("page.html.bak") == "application/octet-stream");
    CHECK(http::mime_type_for("docs/guide.md") == "text/markdown; charset=utf-8");
    CHECK(http::mime_type_for("v1.2/LICENSE") == "application/octet-stream");
    CHECK(http::mime_type_for("a.html/b") == "application/octet-stream");
}

TEST_CASE("unknown or missing extensions are application/octet-stream", "[step3][mime]") {
    for (const char* name : {"Makefile", "data.bin", "x.unknownext", ".profile", "trailing.", "", "htmlpage"}) {
        CAPTURE(name);
        CHECK(http::mime_type_for(name) == "application/octet-stream");
    }
}
