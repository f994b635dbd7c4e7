"""Re-write the example outputs in README.md from a fresh run of the commands (`make docs`).

Each example in the README sits between markers:

    <!-- example: NAME -->
    ```console
    $ sword relations Russia Azerbaijan --freq year
    …what the command printed…
    ```
    <!-- /example -->

This script runs the bundled demo in a scratch folder, then every example's commands
there (at 80 columns, as a terminal that narrow shows them) and writes what they print
between the markers. `sword …` commands run in this process; anything else (`curl …
| jq …`) runs in bash against `sword serve`'s application on the demo store, started
on a free port (the README shows port 8000). `--check` writes nothing and exits 1 when
the README differs from a fresh run (tests/cli/test_readme_examples.py does the same).

    python docs/readme_examples.py            # re-write README.md
    python docs/readme_examples.py --check    # exit 1 when README.md has drifted
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
WIDTH = 80
SHOWN_URL = "http://127.0.0.1:8000"
SHOWN_FOLDER = "/path/to"
BLOCK = re.compile(r"(<!-- example: (?P<name>[\w-]+) -->\n)(?P<body>.*?)(<!-- /example -->)",
                   re.S)
# A terminal 80 columns wide that takes no colour, whatever the caller's environment says.
_ENV = {"COLUMNS": str(WIDTH), "FORCE_COLOR": None, "TTY_COMPATIBLE": None, "NO_COLOR": "1"}
# What differs from run to run and is not a figure of the data: left out of comparisons.
VOLATILE = ((re.compile(r"in \d+ s; store"), "in N s; store"),)


@dataclass(frozen=True, slots=True)
class Example:
    """A block of the README: commands run one after the other in the demo's folder."""

    name: str
    commands: tuple[str, ...]
    server: bool = False  # the commands talk to `sword serve` on the demo store
    files: tuple[tuple[str, str], ...] = ()  # (name, text) written before the commands run


EXAMPLES: tuple[Example, ...] = (
    Example("demo", ("sword demo",)),
    Example("code-skipped", ("sword code news.jsonl -o events.csv", "echo $?"), files=((
        "news.jsonl",
        '{"id": "n1", "date": "2025-06-30", "text": "Azeri police raided the Sputnik office '
        'in Baku."}\n{not json\n{"id": "n3", "date": "2025-07-01", "text": "Russia summoned '
        'the Azerbaijani ambassador."}\n'),)),
    Example("missing-input", ("sword code /nonexistent", "echo $?")),
    Example("analyses", (
        "sword relations Russia Azerbaijan --freq year",
        "sword shifts --actor Armenia --limit 2 --evidence 1",
        "sword framing RUS ARM",
        "sword network --min-events 3",
    )),
    Example("why", (
        "sword why ARM RUS --reasons 4",
        "sword alignment ARM --poles RUS,USA,EU,FRA,TUR",
    )),
    Example("api", (
        f"curl -s '{SHOWN_URL}/api/summary'",
        f"curl -s '{SHOWN_URL}/api/actors?q=Aliyev&limit=1'",
        f"curl -s '{SHOWN_URL}/api/events?dyad=RUS,AZE&root=17&since=2025-01&page_size=2' \\\n"
        "    | jq -c '{total, first: .items[0] | {event_date, source, target, cameo, publisher, "
        "evidence}}'",
        f"curl -s '{SHOWN_URL}/api/dyads/RUS/AZE/timeline?freq=year&since=2022' \\\n"
        "    | jq -c '.series.both | {period, events, balance}'",
        f"curl -s '{SHOWN_URL}/api/shifts?limit=1' \\\n"
        "    | jq -c '.[] | {dyad, date, level_before, level_after, "
        "after: .evidence_after[0].sentence}'",
        f"curl -s '{SHOWN_URL}/api/triads?limit=1' "
        "| jq -c '{at, total, first: .triads[0].description}'",
    ), server=True),
    Example("api-errors", (
        f"curl -s '{SHOWN_URL}/api/events?sinse=2024-01-01' | jq -r .message",
        f"curl -s '{SHOWN_URL}/api/events?since=2024-02-30' | jq -r .message",
    ), server=True),
)


def _run_sword(command: str) -> tuple[str, int]:
    """A `sword …` command run in this process: what it wrote to standard error (notes)
    and then to standard output, and its exit code."""
    from typer.testing import CliRunner

    from sword.cli.main import app

    result = CliRunner().invoke(app, shlex.split(command)[1:], env=_ENV)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise RuntimeError(f"{command!r} failed") from result.exception
    return result.stderr + result.stdout, result.exit_code


def _run_shell(command: str, url: str) -> str:
    for tool in re.findall(r"(?:^|\|)\s*(\w+)", command):
        if shutil.which(tool) is None:
            raise RuntimeError(f"the README's examples need {tool}: apt-get install {tool}")
    env = {k: v for k, v in {**os.environ, **_ENV}.items() if v is not None}
    done = subprocess.run(["bash", "-o", "pipefail", "-c", command.replace(SHOWN_URL, url)],
                          capture_output=True, text=True, timeout=120, check=False, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"{command!r} exited {done.returncode}: {done.stderr}")
    return done.stdout + done.stderr


def _is_plain_sword(command: str) -> bool:
    return command.startswith("sword ") and not re.search(r"[|<>&;$`]", command)


@contextlib.contextmanager
def _server(db: Path) -> Iterator[str]:
    from sword.api.app import create_app
    from sword.api.server import ServerThread

    with ServerThread(create_app(db)) as server:
        yield server.url


def _run_example(example: Example, folder: Path, url: str) -> str:
    for name, text in example.files:
        (folder / name).write_text(text, encoding="utf-8")
    out, status = [], 0
    for command in example.commands:
        if command == "echo $?":  # the exit code of the command before
            printed = f"{status}\n"
        elif _is_plain_sword(command):
            printed, status = _run_sword(command)
        else:
            printed, status = _run_shell(command, url), 0
        printed = printed.replace(str(folder), SHOWN_FOLDER)
        lines = [line.rstrip() for line in printed.rstrip("\n").splitlines()]
        out.append("\n".join([f"$ {command}", *lines]))
    separator = "\n" if any(c == "echo $?" for c in example.commands) else "\n\n"
    return separator.join(out) + "\n"


def render(folder: Path, names: set[str] | None = None) -> dict[str, str]:
    """Every example's block (or those in `names`), from a fresh demo in `folder`."""
    blocks: dict[str, str] = {}
    with contextlib.chdir(folder):
        # `sword demo` first, always: the other examples read its store
        for example in (e for e in EXAMPLES if not e.server):
            if example.name == "demo" or names is None or example.name in names:
                blocks[example.name] = _run_example(example, folder, "")
        served = [e for e in EXAMPLES if e.server and (names is None or e.name in names)]
        if served:
            with _server(folder / "sword-demo.duckdb") as url:
                for example in served:
                    blocks[example.name] = _run_example(example, folder, url)
    return {name: text for name, text in blocks.items() if names is None or name in names}


def read_blocks(readme: str) -> dict[str, str]:
    """The README's example blocks by name: their text inside the ```console fence."""
    return {m["name"]: _unfence(m["body"]) for m in BLOCK.finditer(readme)}


def _unfence(body: str) -> str:
    lines = body.strip("\n").splitlines()
    if lines and lines[0].startswith("```") and lines[-1].startswith("```"):
        lines = lines[1:-1]
    return "\n".join(lines) + "\n"


def rewrite(readme: str, blocks: dict[str, str]) -> str:
    """The README with each named block replaced by its fresh text."""
    def replace(m: re.Match[str]) -> str:
        body = blocks.get(m["name"])
        if body is None:
            return m[0]
        return f"{m[1]}```console\n{body}```\n{m[4]}"

    return BLOCK.sub(replace, readme)


def comparable(text: str) -> str:
    for pattern, stand_in in VOLATILE:
        text = pattern.sub(stand_in, text)
    return text


def drift(readme: str, blocks: dict[str, str]) -> list[str]:
    """A unified diff for each block whose README text differs from `blocks`."""
    current = read_blocks(readme)
    out = []
    for name, fresh in blocks.items():
        old = comparable(current.get(name, "(no such block in README.md)\n"))
        if old != comparable(fresh):
            out.append("".join(difflib.unified_diff(
                old.splitlines(keepends=True), comparable(fresh).splitlines(keepends=True),
                f"README.md ({name})", f"fresh run ({name})")))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 when README.md differs from a fresh run")
    args = parser.parse_args(argv)
    readme = README.read_text(encoding="utf-8")
    with tempfile.TemporaryDirectory(prefix="sword-docs-") as scratch:
        blocks = render(Path(scratch))
    missing = set(blocks) - set(read_blocks(readme))
    if missing:
        print(f"README.md lacks the markers of: {', '.join(sorted(missing))}", file=sys.stderr)
        return 1
    if args.check:
        diffs = drift(readme, blocks)
        for diff in diffs:
            print(diff, file=sys.stderr)
        return 1 if diffs else 0
    README.write_text(rewrite(readme, blocks), encoding="utf-8")
    print(f"README.md: {len(blocks)} example blocks written")
    return 0


if __name__ == "__main__":
    sys.exit(main())
