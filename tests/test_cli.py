"""`aidextract parse` and `schema` as a user runs them: inputs, order, streams, exit codes."""

from __future__ import annotations

import json
import sys

import jsonschema
import pytest
from conftest import ROOT, SAMPLES

ENGLISH = "Washington, 1 November 2024. The Pentagon announced a $425 million package for Ukraine.\n"
GERMAN = "Berlin, 3. Oktober 2024. Deutschland liefert der Ukraine Waffen im Wert von 1,5 Mrd. Euro.\n"


@pytest.fixture
def corpus(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "b.txt").write_text(GERMAN, encoding="utf-8")
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "c.md").write_text(ENGLISH, encoding="utf-8")
    (sub / "ignored.csv").write_text("x,y\n", encoding="utf-8")
    return tmp_path


def test_file_gives_one_record_on_stdout_and_nothing_on_stderr(run, corpus):
    result = run("parse", str(corpus / "a.txt"))
    assert result.code == 0
    assert result.stderr == ""
    (record,) = result.records
    assert record["id"] == record["source"] == str(corpus / "a.txt")
    assert record["language"] == "en"
    assert [a["value"] for a in record["amounts"]] == [425000000]


def test_directory_is_read_recursively_in_sorted_order(run, corpus):
    result = run("parse", str(corpus))
    assert result.code == 0
    assert [r["source"] for r in result.records] == [str(corpus / "a.txt"), str(corpus / "b.txt"), str(corpus / "sub" / "c.md")]


def test_glob_and_order_of_arguments_is_kept(run, corpus):
    result = run("parse", str(corpus / "b.txt"), str(corpus / "*.txt"))
    assert [r["source"] for r in result.records] == [str(corpus / "b.txt"), str(corpus / "a.txt"), str(corpus / "b.txt")]


def test_stdin_text(run):
    result = run("parse", stdin=GERMAN.encode())
    assert result.code == 0
    (record,) = result.records
    assert record["source"] == "<stdin>" and record["language"] == "de"
    assert record["amounts"][0]["value"] == 1500000000


def test_stdin_dash_and_jsonl_with_ids_and_overrides(run):
    lines = [
        {"id": "first", "text": ENGLISH, "reference_date": "2024-11-02"},
        {"text": GERMAN, "language": "de"},
        {"id": 7, "text": "Київ отримав 200 млн доларів від США.", "language": "uk"},
    ]
    stdin = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines).encode()
    result = run("parse", "-", stdin=stdin)
    assert result.code == 0
    records = result.records
    assert [r["id"] for r in records] == ["first", "<stdin>:2", "7"]
    assert [r["source"] for r in records] == ["<stdin>:1", "<stdin>:2", "<stdin>:3"]
    assert records[0]["reference_date"] == "2024-11-02" and records[0]["reference_date_source"] == "input"
    assert records[2]["amounts"][0]["value"] == 200000000


def test_jsonl_file_bad_lines_are_reported_with_line_numbers(run, tmp_path):
    path = tmp_path / "batch.jsonl"
    path.write_text('{"id": "ok", "text": "The U.S. sent $1 billion to Ukraine."}\nnot json\n{"id": "x"}\n'
                    '{"id": "y", "text": 5}\n{"id": "ok2", "text": "Canada gave C$500 million."}\n', encoding="utf-8")
    result = run("parse", str(path))
    assert result.code == 1
    assert [r["id"] for r in result.records] == ["ok", "ok2"]
    for line in (2, 3, 4):
        assert f"{path}:{line}:" in result.stderr
    assert result.records[1]["amounts"][0]["currency"] == "CAD"


def test_binary_and_undecodable_files_beside_good_ones(run, corpus):
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (corpus / "garbage.txt").write_bytes(bytes(range(128, 256)) * 40)
    result = run("parse", str(corpus / "a.txt"), str(corpus / "image.txt"), str(corpus / "garbage.txt"),
                 str(corpus / "b.txt"), str(corpus / "missing.txt"))
    assert result.code == 1
    assert [r["source"] for r in result.records] == [str(corpus / "a.txt"), str(corpus / "b.txt")]
    assert f"{corpus / 'image.txt'}: binary" in result.stderr
    assert f"{corpus / 'garbage.txt'}: undecodable" in result.stderr
    assert f"{corpus / 'missing.txt'}: not found" in result.stderr


def test_jobs_give_the_same_records_in_the_same_order(run, corpus):
    """Worker processes over several windows of articles (2 jobs x 32), with bad inputs among them."""
    lines = []
    for number in range(150):
        text = (ENGLISH if number % 2 else GERMAN).replace("425", str(100 + number)).replace("1,5", f"1,{number}")
        lines.append(json.dumps({"id": f"n{number}", "text": text}) if number % 50 != 7 else "{broken")
    stdin = ("\n".join(lines) + "\n").encode()
    one, two = run("parse", "-", stdin=stdin), run("parse", "--jobs", "2", "-", stdin=stdin)
    assert one.code == two.code == 1  # the broken lines
    assert two.stdout == one.stdout
    assert [r["id"] for r in two.records] == [f"n{n}" for n in range(150) if n % 50 != 7]
    assert two.stderr.count("<stdin>:") == one.stderr.count("<stdin>:") == 3


def test_too_large_file_is_refused_without_reading_it(run, corpus):
    result = run("parse", "--max-bytes", "50", str(corpus / "a.txt"), str(corpus / "b.txt"))
    assert result.code == 1
    assert "too large" in result.stderr
    assert len(result.records) == 0 or all(r["source"] != str(corpus / "a.txt") for r in result.records)


def test_usage_errors_exit_2(run):
    assert run("parse", "--reference-date", "yesterday").code == 2
    assert run("parse", "--lang", "xx").code == 2
    assert run("frobnicate").code == 2


def test_head_closes_the_pipe_quietly(run):
    command = f"{sys.executable} -m aidextract parse {SAMPLES} {SAMPLES} {SAMPLES} | head -1"
    result = run(shell=command)
    assert result.code == 0
    assert len(result.stdout.splitlines()) == 1
    json.loads(result.stdout)
    assert "Traceback" not in result.stderr and "Error" not in result.stderr


def test_pretty_output_is_indented_json(run, corpus):
    result = run("parse", "--pretty", str(corpus / "a.txt"))
    assert result.stdout.startswith("{\n  ")
    json.loads(result.stdout)


def test_output_file_and_progress_summary_on_stderr(run, corpus, tmp_path):
    out = tmp_path / "out.jsonl"
    result = run("parse", "-o", str(out), "--progress", str(corpus / "a.txt"))
    assert result.code == 0 and result.stdout == ""
    assert "1 records, 0 failed" in result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["amounts"][0]["value"] == 425000000


def test_version(run):
    result = run("--version")
    assert result.code == 0 and result.stdout.startswith("aidextract ")


def test_every_sample_record_validates_against_the_schema_and_its_spans_hold(run):
    schema = json.loads(run("schema").stdout)
    result = run("parse", str(SAMPLES))
    assert result.code == 0
    samples = sorted(p for p in SAMPLES.iterdir() if p.suffix == ".txt")
    assert len(result.records) == len(samples) >= 8
    languages = set()
    for record in result.records:
        jsonschema.validate(record, schema)
        text = (ROOT / record["source"]).read_text(encoding="utf-8")  # an absolute source stays absolute
        for field in ("amounts", "items", "dates", "relative_dates", "entities", "packages"):
            for value in record[field]:
                assert text[value["start"]:value["end"]] == value["text"], (record["source"], field, value)
        languages.add(record["language"])
    assert len(languages) >= 6


# A newcomer's rough edges (issue 13): each used to hang, stay silent or speak in riddles.

def test_parse_without_paths_on_a_terminal_prints_usage_instead_of_waiting():
    import os
    import pty
    import subprocess

    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run([sys.executable, "-m", "aidextract", "parse"], stdin=secondary,
                              capture_output=True, timeout=60)
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 2
    assert proc.stdout == b""
    assert b"Usage: aidextract parse" in proc.stderr and b"no input" in proc.stderr


def test_explicit_empty_directory_is_named_and_fails(run, tmp_path):
    (tmp_path / "empty").mkdir()
    (tmp_path / "only.csv").write_text("x", encoding="utf-8")
    for directory in (tmp_path / "empty", tmp_path):
        result = run("parse", str(directory))
        assert result.code == 1 and result.stdout == ""
        assert f"{directory}: no article files in this directory" in result.stderr


def test_help_names_the_paths_plainly(run):
    for command, metavar in (("parse", "[PATH]..."), ("show", "[FILE]...")):
        usage = run(command, "--help").stdout
        assert f"[OPTIONS] {metavar}" in usage and "list[str]" not in usage


@pytest.mark.parametrize("forced, language", [((), None), (("--lang", "de"), "de")])
def test_empty_file_has_no_language_unless_one_is_given(run, tmp_path, forced, language):
    (tmp_path / "empty.txt").write_bytes(b"")
    (record,) = run("parse", *forced, str(tmp_path / "empty.txt")).records
    assert record["language"] == language
    assert record["warnings"] == ["empty input"]


def test_schema_to_a_full_disk_is_a_plain_error(run):
    import os

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    result = run(shell=f"{sys.executable} -m aidextract schema > /dev/full")
    assert result.code == 1
    assert result.stderr == "aidextract: cannot write output: No space left on device\n"


def test_output_into_a_missing_directory_names_the_path(run, tmp_path):
    target = tmp_path / "no" / "such" / "out.jsonl"
    result = run("parse", "-o", str(target), stdin=ENGLISH.encode())
    assert result.code != 0
    assert str(target) in result.stderr and "No such file or directory" in result.stderr
    assert "internal error" not in result.stderr
