"""The README tells the truth: its example record is what aidextract produces, and its Quick start
is the two commands CI runs."""

from __future__ import annotations

import json
import re

from conftest import ROOT

from aidextract.api import parse_text

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _block(marker: str) -> str:
    match = re.search(rf"<!-- {marker} -->\s*```\w*\n(.*?)\n```", README, re.DOTALL)
    assert match, marker
    return match.group(1)


def test_example_record_is_the_real_output():
    text = _block("example-text") + "\n"
    documented = json.loads(_block("example-record"))
    record = parse_text(text, id="example", source="example.txt")
    assert record.model_dump(mode="json", exclude={"text"}) == documented


def test_quick_start_has_two_commands_and_ci_runs_the_test_one():
    quick = README.split("## Quick start", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^(make \w+)", quick, re.MULTILINE)
    assert commands == ["make demo", "make test"]
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_quick_start_says_where_the_command_is_and_what_make_test_installs():
    quick = README.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^VENV\s*:=\s*\.venv$", makefile, re.MULTILINE)
    assert "`.venv/bin/aidextract`" in quick
    assert "chromium" in quick and "BROWSER=0" in quick and "BROWSER ?=" in makefile
    assert "requirements.lock" in quick and "-c requirements.lock" in makefile


def test_make_test_with_browser_0_installs_nothing():
    import subprocess

    done = subprocess.run(["make", "--no-print-directory", "browser", "BROWSER=0"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stderr == "BROWSER=0: not installing chromium; the browser test will be skipped\n"
