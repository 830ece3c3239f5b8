from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
SEEDS = ROOT.parent / "shared" / "seeds"


class Run:
    def __init__(self, proc: subprocess.CompletedProcess):
        self.code = proc.returncode
        self.stdout = proc.stdout.decode("utf-8")
        self.stderr = proc.stderr.decode("utf-8")

    @property
    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines()]


def aidextract(*args: str, stdin: bytes | None = None, cwd: Path | None = None, shell: str | None = None) -> Run:
    """Run the real command in a child process, as a user would."""
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"}
    if shell:
        proc = subprocess.run(shell, shell=True, capture_output=True, cwd=cwd, env=env, input=stdin, executable="/bin/bash")
    else:
        proc = subprocess.run([sys.executable, "-m", "aidextract", *args], capture_output=True, cwd=cwd, env=env,
                              input=stdin if stdin is not None else b"", timeout=300)
    return Run(proc)


@pytest.fixture
def run():
    return aidextract
