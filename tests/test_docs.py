"""The documents cannot drift from the code: every `ofsted-watch` command and option they show exists in the CLI,
docs/cli.md shows every one the CLI has, and every relative link in README.md and docs/*.md reaches a file (and a
heading, when it names one)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import typer

from ofsted_watch.cli import app

REPO = Path(__file__).resolve().parents[1]
DOCUMENTS = sorted([REPO / "README.md", *(REPO / "docs").glob("*.md")])
CLI_DOC = REPO / "docs" / "cli.md"

FENCE = re.compile(r"^(```|~~~)[^\n]*\n(.*?)^\1[ \t]*$", flags=re.DOTALL | re.MULTILINE)
INLINE_CODE = re.compile(r"(`+)(.+?)\1", flags=re.DOTALL)
USAGE = re.compile(r"(?<![\w.-])ofsted-watch[ \t]+([a-z][a-z-]*)([^\n]*)")
OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@cache
def commands() -> dict[str, set[str]]:
    """Each command of the real typer app and its options (long names, --help included)."""
    group = typer.main.get_command(app)  # a click group (typer's own copy of click)
    context = typer.Context(group)
    found = {}
    for name in group.list_commands(context):  # type: ignore[attr-defined]
        command = group.get_command(context, name)  # type: ignore[attr-defined]
        names = {opt for param in command.get_params(context) for opt in (*param.opts, *param.secondary_opts)}
        found[name] = {opt for opt in names if opt.startswith("--")}
    return found


def code_of(text: str) -> list[str]:
    """The code in a Markdown text: each line of its fenced blocks (continued lines joined, shell comments
    dropped) and each inline code span outside them."""
    pieces = []
    for block in FENCE.finditer(text):
        joined = re.sub(r"\\\n\s*", " ", block.group(2))
        pieces += [re.sub(r"\s#\s.*$", "", line) for line in joined.splitlines()]
    prose = FENCE.sub("", text)
    pieces += [span.group(2).replace("\\|", "|") for span in INLINE_CODE.finditer(prose)]
    return pieces


def usages(document: Path) -> list[tuple[str, str, list[str]]]:
    """(command, the usage as written, its options) of every `ofsted-watch COMMAND …` in a document's code."""
    found = []
    for piece in code_of(document.read_text(encoding="utf-8")):
        for usage in USAGE.finditer(piece):
            # Options are read from outside quoted arguments: "SELECT … -- a comment" holds none.
            rest = re.sub(r"\"[^\"]*\"|'[^']*'", "", usage.group(2))
            found.append((usage.group(1), usage.group(0).strip(), OPTION.findall(rest)))
    return found


def prose_of(text: str) -> str:
    """A Markdown text without its code, where links and headings are read."""
    return INLINE_CODE.sub("", FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading."""
    text = re.sub(r"[`*]|\[([^\]]*)\]\([^)]*\)", r"\1", heading.strip().lower())
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(document: Path) -> set[str]:
    text = FENCE.sub("", document.read_text(encoding="utf-8"))
    return {slug(heading) for heading in re.findall(r"^#{1,6}[ \t]+(.+?)[ \t#]*$", text, flags=re.MULTILINE)}


def test_the_cli_is_read_from_typer() -> None:
    # The walk of typer's click object finds what the app has: a guard against walking nothing.
    assert {"backfill", "poll", "digest", "sql", "site"} <= commands().keys()
    assert {"--source", "--since", "--until", "--la", "--alerts", "--db", "--home"} <= commands()["backfill"]


def test_documents_show_commands_and_options_the_cli_has() -> None:
    wrong = []
    for document in DOCUMENTS:
        for command, usage, options in usages(document):
            name = document.relative_to(REPO)
            if command not in commands():
                wrong.append(f"{name}: `{usage}`: ofsted-watch has no command {command!r}")
                continue
            wrong += [
                f"{name}: `{usage}`: `ofsted-watch {command}` has no option {option}"
                for option in options
                if option not in commands()[command]
            ]
    assert wrong == [], "\n".join(wrong)
    assert sum(len(usages(document)) for document in DOCUMENTS) >= 20  # the parser finds the usages


@pytest.mark.parametrize("command", sorted(commands()))
def test_cli_md_shows_every_command_and_option(command: str) -> None:
    shown = [options for name, _, options in usages(CLI_DOC) if name == command]
    assert shown, f"docs/cli.md shows no `ofsted-watch {command} …` usage"
    missing = sorted(commands()[command] - {"--help"} - {option for options in shown for option in options})
    assert missing == [], f"docs/cli.md never shows `ofsted-watch {command}` with {', '.join(missing)}"


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(REPO)))
def test_relative_links_reach_a_file_and_heading(document: Path) -> None:
    broken = []
    for target in LINK.findall(prose_of(document.read_text(encoding="utf-8"))):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # https:, mailto:: not ours to check
            continue
        path, _, fragment = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no file {linked.relative_to(REPO) if linked.is_relative_to(REPO) else linked}")
        elif fragment and linked.suffix == ".md" and fragment not in anchors(linked):
            broken.append(f"{target}: no heading #{fragment} in {linked.relative_to(REPO)}")
    assert broken == [], f"{document.relative_to(REPO)} has broken links:\n" + "\n".join(broken)
