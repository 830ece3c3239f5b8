"""Messy inputs: encodings, HTML, boilerplate, empty, binary, huge, unreadable, interrupted."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT

from aidextract.sources import ReadOptions, decode, iter_inputs

RUSSIAN = ("Министерство обороны Германии сообщило, что Украина получит ещё четыре зенитные установки "
           "и тридцать тысяч снарядов. Общая стоимость пакета помощи составляет 1,4 млрд евро, "
           "поставки начнутся в декабре 2024 года.\n")
UKRAINIAN = ("Міністерство оборони повідомило, що Україна отримає ґрунтовну підтримку: їхні союзники "
             "передадуть ще чотири зенітні установки та тридцять тисяч снарядів на суму 425 млн доларів.\n")
POLISH = ("Ministerstwo Obrony Narodowej poinformowało, że Polska przekaże Ukrainie kolejny pakiet "
          "pomocy wojskowej o wartości 1,3 mld zł. Dostawy rozpoczną się w grudniu, zaś żołnierze "
          "przejdą szkolenie źródłowe.\n")
FRENCH = ("Le ministère des Armées a annoncé que la France livrera à l'Ukraine des canons Caesar "
          "supplémentaires. L'enveloppe s'élève à 500 millions d'euros, a précisé le ministère à "
          "l'issue d'une réunion à Bruxelles où l'on a évoqué l'été prochain.\n")

ENCODINGS = [
    ("utf-8", RUSSIAN, b""),
    ("utf-8-sig", RUSSIAN, b""),
    ("utf-16-le", UKRAINIAN, b"\xff\xfe"),
    ("utf-16-be", UKRAINIAN, b"\xfe\xff"),
    ("cp1251", RUSSIAN, b""),
    ("koi8-r", RUSSIAN, b""),
    ("koi8-u", UKRAINIAN, b""),
    ("iso-8859-2", POLISH, b""),
    ("cp1252", FRENCH, b""),
]


@pytest.mark.parametrize("encoding,text,bom", ENCODINGS, ids=[e[0] for e in ENCODINGS])
def test_encodings_decode_to_the_right_text(encoding, text, bom):
    decoded = decode(bom + text.encode(encoding))
    assert not isinstance(decoded, str), decoded
    assert decoded[0] == text


def test_forced_encoding_wins_and_wrong_forced_encoding_is_an_error():
    data = RUSSIAN.encode("koi8-r")
    assert decode(data, "koi8-r")[0] == RUSSIAN
    assert "cannot decode" in decode(RUSSIAN.encode("utf-8"), "ascii")


def test_record_says_which_encoding_was_used_and_offsets_refer_to_decoded_text(run, tmp_path):
    path = tmp_path / "cyrillic.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    (record,) = run("parse", str(path)).records
    assert record["encoding"] != "utf-8" and record["language"] == "ru"
    (amount,) = record["amounts"]
    assert RUSSIAN[amount["start"]:amount["end"]] == amount["text"] == "1,4 млрд евро"


def test_undecodable_bytes_are_reported_not_turned_into_mojibake():
    assert isinstance(decode(bytes(range(128, 256)) * 30), str)


@pytest.mark.parametrize("data,reason", [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary"),
    (b"text with a NUL \x00 byte", "binary"),
])
def test_binary_inputs_are_refused(tmp_path, data, reason):
    path = tmp_path / "x.txt"
    path.write_bytes(data)
    (result,) = list(iter_inputs([str(path)]))
    assert reason in result.reason


def test_empty_input_gives_an_empty_record_and_a_warning(run, tmp_path):
    (tmp_path / "empty.txt").write_text("  \n\n", encoding="utf-8")
    result = run("parse", str(tmp_path / "empty.txt"))
    assert result.code == 0
    (record,) = result.records
    assert record["amounts"] == record["items"] == record["packages"] == []
    assert record["warnings"] == ["empty input"]
    assert "warning: empty input" in result.stderr


def test_html_is_reduced_to_its_article_text(run, tmp_path):
    paragraph = ("The Pentagon announced a new $425 million security assistance package for Ukraine on "
                 "Friday, including air defense interceptors and artillery rounds. ") * 3
    page = (f"<!doctype html><html><head><title>Aid</title><script>var x = '$999 million';</script></head>"
            f"<body><nav>Home | World | $1 billion club</nav><article><h1>New aid for Ukraine</h1>"
            f"<p>{paragraph}</p></article><footer>Cookie settings</footer></body></html>")
    (tmp_path / "page.html").write_text(page, encoding="utf-8")
    (record,) = run("parse", "--include-text", str(tmp_path / "page.html")).records
    assert "(html)" in record["encoding"]
    assert [a["value"] for a in record["amounts"]] == [425000000, 425000000, 425000000]
    assert "<p>" not in record["text"] and "999" not in record["text"]
    for amount in record["amounts"]:
        assert record["text"][amount["start"]:amount["end"]] == amount["text"]


def test_boilerplate_lines_produce_no_extractions():
    from aidextract.api import parse_text

    text = ("Skip to content\nTop of page\nRead more: $5 billion for Ukraine\n"
            "Germany pledged €1 billion for Ukraine on Friday.\n"
            "Leave a Reply\nYour email address will not be published. Required fields are marked *\n"
            "Source link\n")
    record = parse_text(text, lang="en")
    assert [a.text for a in record.amounts] == ["€1 billion"]


def test_directories_and_broken_links_are_reported_by_name(tmp_path):
    (tmp_path / "dir.txt").mkdir()
    os.symlink(tmp_path / "nowhere.txt", tmp_path / "broken.txt")
    results = {str(r.source): r for r in iter_inputs([str(tmp_path / "broken.txt"), str(tmp_path / "nothing.txt")])}
    assert results[str(tmp_path / "broken.txt")].reason == "broken symbolic link"
    assert results[str(tmp_path / "nothing.txt")].reason == "not found"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every file: permissions cannot be tested as root")
def test_unreadable_file_is_reported(tmp_path):
    path = tmp_path / "secret.txt"
    path.write_text("x", encoding="utf-8")
    path.chmod(0)
    (result,) = list(iter_inputs([str(path)]))
    assert result.reason == "permission denied"


def test_size_limit_applies_to_stdin_too():
    import io

    (result,) = list(iter_inputs(["-"], ReadOptions(max_bytes=10), stdin=io.BytesIO(b"x" * 11)))
    assert "too large" in result.reason


def test_full_disk_ends_with_a_message_and_non_zero_exit(run):
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full on this system")
    result = run(shell=f"{sys.executable} -m aidextract parse {ROOT / 'samples'} > /dev/full")
    assert result.code == 1
    assert "No space left on device" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_interrupt_stops_cleanly_and_output_stays_valid_jsonl(tmp_path, jobs):
    batch = tmp_path / "batch.jsonl"
    line = json.dumps({"text": (ROOT / "samples" / "en_us_drawdown_70.txt").read_text(encoding="utf-8")})
    batch.write_text((line + "\n") * 50_000, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    with out.open("wb") as sink:
        proc = subprocess.Popen([sys.executable, "-m", "aidextract", "parse", "--jobs", jobs, str(batch)], stdout=sink,
                                stderr=subprocess.PIPE,  # as from a terminal: even if our own runner ignores ^C
                                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
        deadline = time.time() + 60
        while out.stat().st_size == 0 and time.time() < deadline:
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130
    assert b"Traceback" not in stderr and b"interrupted" in stderr
    lines = out.read_text(encoding="utf-8").splitlines()
    assert 0 < len(lines) < 50_000
    for text in lines:
        json.loads(text)


# Hostile bytes (issue 15, points 5-7): readable text is read, never garbled without a word.
GERMAN = ("Deutschland liefert der Ukraine ein weiteres Militärhilfepaket über 1,5 Mrd. Euro — "
          "mit Flugabwehr, Munition und Schützenpanzern für die Kämpfe im Osten.\n") * 4
SPANISH = ("España enviará a Ucrania un nuevo paquete de ayuda militar valorado en 500 millones de "
           "euros, según informó el Ministerio de Defensa en un comunicado oficial.\n") * 4
ENGLISH = "The United States will send Ukraine another $425 million in military aid \u2014 officials said.\n" * 4


def _stray_byte(text: str | bytes, at: int = 120) -> bytes:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return data[:at] + b"\xff" + data[at:]


REPAIRS = [
    # (case, bytes, encoding, expected text, warning)
    ("German, one stray byte", _stray_byte(GERMAN, 10), "utf-8",
     GERMAN[:10] + "\ufffd" + GERMAN[10:], "1 invalid UTF-8 byte sequence replaced with U+FFFD"),
    ("Spanish, two stray bytes", _stray_byte(_stray_byte(SPANISH), 300), "utf-8", None,
     "2 invalid UTF-8 byte sequences replaced with U+FFFD"),
    ("English with a dash, one stray byte", _stray_byte(ENGLISH, 40), "utf-8", None,
     "1 invalid UTF-8 byte sequence replaced with U+FFFD"),
    ("last character cut off", (GERMAN + "ä").encode("utf-8")[:-1], "utf-8", GERMAN + "\ufffd",
     "1 invalid UTF-8 byte sequence replaced with U+FFFD"),
    ("UTF-16 LE without BOM", GERMAN.encode("utf-16-le"), "utf-16-le", GERMAN, None),
    ("UTF-16 BE without BOM, Cyrillic", RUSSIAN.encode("utf-16-be"), "utf-16-be", RUSSIAN, None),
]


@pytest.mark.parametrize("case, data, encoding, expected, warning", REPAIRS, ids=[r[0] for r in REPAIRS])
def test_nearly_valid_text_is_read_with_a_warning_never_garbled(case, data, encoding, expected, warning):
    from aidextract.sources import _article

    article = _article(data, "x.txt", "x.txt", ReadOptions(), html=False)
    assert article.encoding == encoding
    if expected is not None:
        assert article.text == expected
    if expected is None:  # a Latin text: no Cyrillic mojibake ("MilitУЄrhilfepaket", "тАФ")
        assert "У" not in article.text and "тА" not in article.text
    assert article.warnings == ([warning] if warning else [])


def test_legacy_code_page_that_mixes_alphabets_is_refused():
    """cp866 or iso8859_5 'read' German umlauts as Cyrillic letters inside Latin words: refused."""
    data = GERMAN.encode("utf-8").replace("ä".encode(), b"\xe4").replace("—".encode(), b"\x97")
    decoded = decode(data)
    assert isinstance(decoded, str) or ("У" not in decoded[0] and decoded[1] in ("cp1252", "iso8859_15", "latin_1"))


def test_html_page_without_article_text_says_so(run, tmp_path):
    page = "<!doctype html><html><body><nav><a href='/'>menu</a></nav><footer>© 2024</footer></body></html>"
    (tmp_path / "empty.html").write_text(page, encoding="utf-8")
    (record,) = run("parse", str(tmp_path / "empty.html")).records
    assert record["warnings"] == ["no article text found in the HTML"]
    assert record["amounts"] == record["items"] == []


# The output file and signals (issue 15, points 8-12).

def _batch(tmp_path, copies: int):
    batch = tmp_path / "batch.jsonl"
    line = json.dumps({"text": (ROOT / "samples" / "en_us_drawdown_70.txt").read_text(encoding="utf-8")})
    batch.write_text((line + "\n") * copies, encoding="utf-8")
    return batch


@pytest.mark.parametrize("signal_number, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_an_ended_run_leaves_the_previous_output_file_as_it_was(tmp_path, jobs, signal_number, code):
    batch, out = _batch(tmp_path, 50_000), tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "aidextract", "parse", "--jobs", jobs, "--progress", str(batch), "-o", str(out)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    deadline = time.time() + 60
    while not list(tmp_path.glob(".out.jsonl.*.part")) and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)  # records are being written to the part file
    proc.send_signal(signal_number)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == code
    assert b"Traceback" not in stderr
    assert out.read_text(encoding="utf-8") == "previous\n"
    assert not list(tmp_path.glob(".out.jsonl.*"))
    leftovers = subprocess.run(["pgrep", "-s", str(proc.pid)], capture_output=True, text=True).stdout
    assert leftovers == "", "no worker outlives the run"


def test_output_replaces_the_file_only_when_the_run_ends(run, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text("previous\n", encoding="utf-8")
    out.chmod(0o640)
    result = run("parse", str(tmp_path / "missing.txt"), "-o", str(out))
    assert result.code == 1 and out.read_text(encoding="utf-8") == "previous\n"
    assert "left as it was" in result.stderr
    result = run("parse", str(ROOT / "samples" / "en_us_drawdown_70.txt"), "-o", str(out))
    assert result.code == 0 and json.loads(out.read_text(encoding="utf-8"))["amounts"]
    assert out.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


@pytest.mark.parametrize("name", ["in.jsonl", "a.txt"])
def test_an_output_that_is_an_input_is_refused_and_untouched(run, tmp_path, name):
    path = tmp_path / name
    content = json.dumps({"text": ENGLISH}) + "\n" if name.endswith(".jsonl") else ENGLISH
    path.write_text(content, encoding="utf-8")
    result = run("parse", str(path), "-o", str(path))
    assert result.code == 2 and "is also an input" in result.stderr
    assert path.read_text(encoding="utf-8") == content


def test_the_output_file_is_never_read_as_an_input(run, tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    out = tmp_path / "out.jsonl"
    for _ in range(2):  # the second run finds the first one's output in the directory
        result = run("parse", "--include-text", str(tmp_path), "-o", str(out))
        assert result.code == 0, result.stderr
        assert [json.loads(line)["source"] for line in out.read_text(encoding="utf-8").splitlines()] == [str(tmp_path / "a.txt")]


def test_an_unreadable_directory_is_named(monkeypatch, tmp_path):
    """rglob passed over directories it could not list; as root (CAP_DAC_OVERRIDE) nothing is
    unreadable, so the refusal is simulated."""
    (tmp_path / "open").mkdir()
    (tmp_path / "open" / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied")
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    results = list(iter_inputs([str(tmp_path)]))
    errors = [str(r) for r in results if not hasattr(r, "text")]
    assert errors == [f"{tmp_path / 'locked'}: permission denied (directory)"]
    assert [r.source for r in results if hasattr(r, "text")] == [str(tmp_path / "open" / "a.txt")]
    (only,) = list(iter_inputs([str(tmp_path / "locked")]))
    assert only.reason == "permission denied (directory)"


def test_file_names_with_escape_sequences_are_printed_harmlessly(run, tmp_path):
    result = run("parse", str(tmp_path / "missing\x1b]0;PWNED\x07.txt"))
    assert result.code == 1
    assert "\x1b" not in result.stderr and "\x07" not in result.stderr
    assert "PWNED" in result.stderr and "not found" in result.stderr
