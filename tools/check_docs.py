#!/usr/bin/env python3
"""Keeps the course in docs/ from drifting away from the code.

The Markdown quotes code through marker comments, each followed at once by a
fenced block:

    <!-- include: step1_hello/main.cpp#handle -->   the region between
        "// $begin handle" and "// $end handle" in that file, marker lines
        removed and common indentation stripped
    <!-- include: step1_hello/main.cpp -->          the whole file, marker lines removed
    <!-- diff: step1_hello/main.cpp step2_threaded/main.cpp -->
        the output of `diff -u` between the two files, marker lines removed
    <!-- tests: tests/step1_hello/step1_hello_tests.cpp -->
        the names of the TEST_CASEs in that file, one per line

In the prose, a test is named in italics and curly quotes, *“like this”*.

This script checks that every such block equals what the sources give now,
that every test named in the prose exists under tests/, and that every
relative link and #anchor in docs/ and README.md leads somewhere. It prints
each problem with its file and line, and exits 1 if there is any. ctest runs
it as the test docs_match_the_code.

    tools/check_docs.py          check
    tools/check_docs.py --fix    rewrite every quoted block from the sources
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# A region marker: "// $begin name" in C++, "# $begin name" in Python, CMake or shell.
MARKER = re.compile(r"^\s*(?://|#)\s*\$(begin|end)\s+(\S+)\s*$")
DIRECTIVE = re.compile(r"^<!--\s*(include|diff|tests):\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})(.*)$")
HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
INLINE_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]*)>?(?:\s+\"[^\"]*\")?\s*\)")
HTML_ANCHOR = re.compile(r"<a\s+(?:id|name)=\"([^\"]+)\"")
TEST_CASE = re.compile(r'TEST_CASE\(\s*"((?:[^"\\]|\\.)*)"')
TEST_MENTION = re.compile(r"\*“([^”]+)”\*")


class SourceError(Exception):
    """A quoted file or region that cannot be read."""


@dataclass
class Block:
    """One directive and the fenced block after it, as lines of a Markdown file."""

    directive_line: int  # index of the <!-- ... --> line
    kind: str            # "include", "diff" or "tests"
    argument: str        # "path#region", "old new" or "path"
    start: int | None    # index of the opening fence; None if there is no block
    end: int | None      # index of the closing fence
    info: str            # the fence's info string, such as "cpp"


def read_source(relative: str) -> list[str]:
    path = ROOT / relative
    if not path.is_file():
        raise SourceError(f"no such file: {relative}")
    return path.read_text(encoding="utf-8").splitlines()


def region(relative: str, name: str | None) -> str:
    """The text of a marked region (or of the whole file), marker lines removed."""
    lines = read_source(relative)
    if name is None:
        kept = [line for line in lines if not MARKER.match(line)]
        return "\n".join(kept)
    begin = end = None
    for index, line in enumerate(lines):
        match = MARKER.match(line)
        if not match or match.group(2) != name:
            continue
        if match.group(1) == "begin":
            if begin is not None:
                raise SourceError(f"{relative}: region '{name}' begins twice")
            begin = index
        elif begin is not None and end is None:
            end = index
    if begin is None:
        raise SourceError(f"{relative}: no '$begin {name}' marker")
    if end is None:
        raise SourceError(f"{relative}: region '{name}' has no '$end {name}' marker")
    kept = [line for line in lines[begin + 1:end] if not MARKER.match(line)]
    return textwrap.dedent("\n".join(kept))


def unified_diff(old: str, new: str) -> str:
    """What `diff -u old new` prints for the two files with their marker lines
    removed, labelled with the file names instead of dates: the reader sees
    the code, not the course's bookkeeping."""
    texts = [region(relative, None).split("\n") for relative in (old, new)]
    lines = difflib.unified_diff(texts[0], texts[1], old, new, lineterm="")
    return "\n".join(lines)


def test_names(relative: str) -> list[str]:
    """The names of the TEST_CASEs in a test file, in order."""
    text = "\n".join(read_source(relative))
    return [name.replace('\\"', '"') for name in TEST_CASE.findall(text)]


def expected_text(block: Block) -> str:
    if block.kind == "tests":
        return "\n".join(test_names(block.argument.strip()))
    if block.kind == "include":
        path, _, name = block.argument.partition("#")
        return region(path.strip(), name.strip() or None)
    names = block.argument.split()
    if len(names) != 2:
        raise SourceError("a diff directive names two files: <!-- diff: OLD NEW -->")
    return unified_diff(names[0], names[1])


def default_info(block: Block) -> str:
    if block.kind == "diff":
        return "diff"
    if block.kind == "tests":
        return "text"
    suffix = Path(block.argument.partition("#")[0]).suffix
    return {".cpp": "cpp", ".hpp": "cpp", ".txt": "cmake", ".py": "python", ".sh": "sh"}.get(suffix, "")


def find_blocks(lines: list[str]) -> list[Block]:
    """Every directive outside code blocks, with the fenced block right after it."""
    blocks = []
    for index, line in prose_lines(lines, keep_inline_code=True):
        directive = DIRECTIVE.match(line)
        if not directive:
            continue
        block = Block(index, directive.group(1), directive.group(2), None, None, "")
        following = FENCE.match(lines[index + 1]) if index + 1 < len(lines) else None
        if following:
            block.start = index + 1
            block.info = following.group(2).strip()
            marker = following.group(1)
            for close in range(index + 2, len(lines)):
                closing = FENCE.match(lines[close])
                if closing and closing.group(1).startswith(marker) and not closing.group(2).strip():
                    block.end = close
                    break
        blocks.append(block)
    return blocks


def fenced(text: str, info: str) -> list[str]:
    """`text` in a fence longer than any run of backticks inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return [fence + info, *text.split("\n"), fence]


def check_blocks(markdown: Path, lines: list[str], fix: bool) -> tuple[list[str], list[str] | None]:
    """Problems with the quoted blocks of one file, and its fixed lines when `fix` changed any."""
    problems = []
    replacements = []
    for block in find_blocks(lines):
        where = f"{markdown.relative_to(ROOT)}:{block.directive_line + 1}"
        label = f"'{block.kind}: {block.argument}'"
        try:
            expected = expected_text(block)
        except SourceError as error:
            problems.append(f"{where}: the block {label} quotes what does not exist: {error}")
            continue
        if block.start is None or block.end is None:
            if fix:
                replacements.append((block.directive_line + 1, block.directive_line + 1,
                                     fenced(expected, default_info(block))))
            else:
                problems.append(f"{where}: {label} must be followed at once by a fenced code block")
            continue
        actual = "\n".join(lines[block.start + 1:block.end])
        if actual == expected:
            continue
        if fix:
            replacements.append((block.start, block.end + 1, fenced(expected, block.info)))
            continue
        difference = difflib.unified_diff(actual.split("\n"), expected.split("\n"),
                                          "in the course", "from the source", lineterm="", n=1)
        problems.append(f"{where}: the block {label} no longer matches the source:\n"
                        + textwrap.indent("\n".join(difference), "    "))
    if not replacements:
        return problems, None
    fixed = list(lines)
    for start, end, new_lines in reversed(replacements):
        fixed[start:end] = new_lines
    return problems, fixed


def slug(heading: str) -> str:
    """The anchor GitHub and GitLab give a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link keeps its text
    text = re.sub(r"<[^>]+>", "", text)                        # HTML tags go
    text = text.replace("`", "").replace("*", "")
    text = re.sub(r"[^\w\- ]", "", text.strip().lower())
    return text.replace(" ", "-")


def prose_lines(lines: list[str], keep_inline_code: bool = False):
    """(index, line) of every line outside fenced code blocks, inline code removed unless asked."""
    fence = None
    for index, line in enumerate(lines):
        opening = FENCE.match(line)
        if fence is not None:
            if opening and opening.group(1).startswith(fence) and not opening.group(2).strip():
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield index, line if keep_inline_code else re.sub(r"(`+).*?\1", "", line)


def anchors(markdown: Path, cache: dict[Path, set[str]]) -> set[str]:
    if markdown not in cache:
        found: set[str] = set()
        seen: dict[str, int] = {}
        for _, line in prose_lines(markdown.read_text(encoding="utf-8").splitlines(), keep_inline_code=True):
            found.update(HTML_ANCHOR.findall(line))
            heading = HEADING.match(line)
            if heading:
                base = slug(heading.group(2))
                count = seen.get(base, 0)
                seen[base] = count + 1
                found.add(base if count == 0 else f"{base}-{count}")
        cache[markdown] = found
    return cache[markdown]


def check_links(markdown: Path, lines: list[str], cache: dict[Path, set[str]]) -> list[str]:
    problems = []
    for index, line in prose_lines(lines):
        for target in INLINE_LINK.findall(line):
            if not target or re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", target):
                continue  # http:, https:, mailto: are not checked
            where = f"{markdown.relative_to(ROOT)}:{index + 1}"
            path_part, _, anchor = target.partition("#")
            destination = (markdown.parent / path_part).resolve() if path_part else markdown
            if not destination.exists():
                problems.append(f"{where}: the link '{target}' leads to a file that does not exist")
                continue
            if anchor and destination.suffix == ".md" and anchor not in anchors(destination, cache):
                problems.append(f"{where}: the link '{target}' names an anchor that "
                                f"{destination.relative_to(ROOT)} does not have")
    return problems


def check_test_mentions(markdown: Path, lines: list[str], known: set[str]) -> list[str]:
    problems = []
    for index, line in prose_lines(lines):
        for name in TEST_MENTION.findall(line):
            if name not in known:
                problems.append(f"{markdown.relative_to(ROOT)}:{index + 1}: no TEST_CASE under tests/ "
                                f"is called \"{name}\"")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description="Check the course's quoted code, diffs and links against the sources.")
    parser.add_argument("--fix", action="store_true", help="rewrite every quoted block from the sources")
    arguments = parser.parse_args()

    pages = sorted((ROOT / "docs").glob("**/*.md")) + [ROOT / "README.md"]
    problems: list[str] = []
    cache: dict[Path, set[str]] = {}
    rewritten = []
    for page in pages:
        if not page.is_file():
            continue
        lines = page.read_text(encoding="utf-8").splitlines()
        block_problems, fixed = check_blocks(page, lines, arguments.fix)
        problems += block_problems
        if fixed is not None:
            page.write_text("\n".join(fixed) + "\n", encoding="utf-8")
            rewritten.append(str(page.relative_to(ROOT)))
            lines = fixed
            cache.pop(page, None)
    known_tests = {name for source in sorted((ROOT / "tests").glob("**/*.cpp"))
                   for name in test_names(str(source.relative_to(ROOT)))}
    for page in pages:
        if page.is_file():
            lines = page.read_text(encoding="utf-8").splitlines()
            problems += check_links(page, lines, cache)
            problems += check_test_mentions(page, lines, known_tests)

    for name in rewritten:
        print(f"rewrote the quoted blocks of {name}")
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        print(f"\n{len(problems)} problem(s) in the course."
              + ("" if arguments.fix else " Where the source changed on purpose, run tools/check_docs.py --fix."),
              file=sys.stderr)
        return 1
    print(f"The course matches the code: {len(pages)} pages checked.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
