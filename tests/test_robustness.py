"""The extractor never raises on any Unicode string, and every span it emits points at its text.

Property-based (hypothesis), bounded in time: arbitrary text, mixed scripts, control characters,
combining marks, right-to-left text, emoji, and fragments that excite every extractor.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aidextract.api import parse_text
from aidextract.records import ArticleRecord
from aidextract.resources import LANGUAGES

FRAGMENTS = [
    "$725 million", "1,35 млрд. долара", "2,5 Mrd. Euro", "€1.4bn", "300-400", "155mm", "8,400",
    "13 ноември", "July 2, 2024", "2024-11", "вчера", "last week", "Patriot", "HIMARS", "Хаймарс",
    "Україні", "США", "to Ukraine", "package", "помощ", "пакет", "launched", "1 000", "\u00a0", "\u202f",
    "\u200f", "שלום", "مرحبا", "🚀", "e\u0301", "\x00", "\x1b[31m", "\r\n", "\t", "…", "«", "»", "-", ".",
]
HOSTILE = ["\ud800", "\udfff", "a\udc80b", "$" * 300, "€)!%'»”" * 60, "🚀" * 250, "-" * 400, "\u200b" * 50]
TEXT = st.lists(st.one_of(st.text(max_size=30), st.sampled_from(FRAGMENTS + HOSTILE)), max_size=40).map(" ".join)
SAMPLE_TEXTS = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "samples").glob("*.txt"))]


@st.composite
def mutated_samples(draw) -> tuple[str, str]:
    """A bundled sample with slices cut, duplicated or replaced by hostile fragments."""
    index = draw(st.integers(0, len(SAMPLE_TEXTS) - 1))
    text = SAMPLE_TEXTS[index]
    for _ in range(draw(st.integers(1, 4))):
        a, b = sorted(draw(st.tuples(st.integers(0, len(text)), st.integers(0, len(text)))))
        text = text[:a] + draw(st.sampled_from(["", text[a:b] * 2, *HOSTILE, *FRAGMENTS])) + text[b:]
    return sorted((ROOT / "samples").glob("*.txt"))[index].name[:2], text


FUZZ_EXAMPLES = int(os.environ.get("AIDEXTRACT_FUZZ_EXAMPLES", "150"))  # 20000 for a long run

SPAN_FIELDS = ("amounts", "items", "dates", "relative_dates", "entities", "packages")


def assert_grounded(record: ArticleRecord, text: str) -> None:
    ArticleRecord.model_validate(record.model_dump())
    for field in SPAN_FIELDS:
        for value in getattr(record, field):
            assert text[value.start:value.end] == value.text, (field, value)
    for item in record.items:
        if item.quantity_span:
            span = item.quantity_span
            assert text[span.start:span.end] == span.text


def _repaired(text: str) -> str:
    return re.sub(r"[\ud800-\udfff]", "\ufffd", text)  # what the record's offsets refer to


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, lang=st.sampled_from(LANGUAGES), reference=st.sampled_from([None, "2024-11-13"]))
def test_any_text_gives_a_valid_grounded_record(text, lang, reference):
    assert_grounded(parse_text(text, lang=lang, reference_date=reference), _repaired(text))


@settings(max_examples=FUZZ_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(sample=mutated_samples())
def test_mutated_samples_give_valid_grounded_records(sample):
    lang, text = sample
    assert_grounded(parse_text(text, lang=lang, reference_date="2024-11-13"), _repaired(text))


@settings(max_examples=25, deadline=None)
@given(text=st.text(min_size=1, max_size=400))
def test_detected_language_any_text(text):
    record = parse_text(text)
    assert record.language in LANGUAGES if text.strip() else record.language is None  # no text, no language
    assert_grounded(record, text)


def test_a_one_megabyte_single_line():
    line = ("The U.S. pledged $725 million and 30 Patriot missiles to Ukraine on 13 November 2024; " * 12_000)[:1_000_000]
    record = parse_text(line, lang="en")
    assert len(record.amounts) > 1000
    assert_grounded(record, line)


def test_a_batch_of_good_and_bad_files_runs_to_the_end_with_flat_memory(tmp_path):
    """1,000 files: good articles mixed with every bad kind; each good one has its record, each bad
    one its message, and peak memory does not grow with the number of files."""
    good_text = (ROOT / "samples" / "en_us_drawdown_70.txt").read_text(encoding="utf-8")
    kinds = {
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "undecodable": bytes(range(128, 256)) * 20,
        "empty": b"",
        "pdf": b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n",
        "huge": b"x" * 10_000,
    }
    good = bad = empty = 0
    for number in range(1000):
        kind = list(kinds)[number % len(kinds)] if number % 4 == 0 else "good"
        path = tmp_path / f"{number:04d}.txt"
        if kind == "good":
            path.write_text(good_text.replace("735", str(100 + number)), encoding="utf-8")
            good += 1
        else:
            path.write_bytes(kinds[kind])
            empty += kind == "empty"
            bad += kind != "empty"
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing")
    bad += 1

    def run(limit_files):
        proc = subprocess.run([sys.executable, "-c", _PEAK, "parse", "--max-bytes", "5000", *limit_files],
                              capture_output=True, text=True, timeout=600)
        return proc

    files = sorted(str(p) for p in tmp_path.iterdir())
    small = run(files[:100])
    full = run(files)
    assert full.returncode == 1
    records = [json.loads(line) for line in full.stdout.splitlines()[:-1]]
    assert len(records) == good + empty
    errors = [line for line in full.stderr.splitlines() if line.startswith("aidextract: ") and "warning" not in line]
    assert len(errors) == bad
    peak_small, peak_full = int(small.stdout.splitlines()[-1]), int(full.stdout.splitlines()[-1])
    assert peak_full < peak_small * 1.25, (peak_small, peak_full)


# runs aidextract in this child and prints its own peak RSS (KiB) as the last stdout line
_PEAK = (
    "import resource, sys\n"
    "from aidextract.cli import main\n"
    "sys.argv = ['aidextract', *sys.argv[1:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit as done:\n"
    "    sys.stdout.flush()\n"
    "    print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    "    raise\n"
)


def _count_words(lang: str) -> list[str]:
    from aidextract.resources import language

    data = language(lang)
    forms = [*data.number_words, *data.scales, *data.count_fillers, *data.count_units, *data.vague_counts,
             *data.qualifiers, *data.currency_connectors]
    inflected = [form[:-1] + ending for form in forms if form.endswith("*") for ending in ("", "a", "ов", "ами")]
    return [form for form in forms if not form.endswith("*")] + inflected


OTHER_WORDS = ["8,400", "155mm", "155 mm", "1,5", "20bn", "30%", "Patriot", "the", "und", "d'", ",", ".", "'", "-", "(", "—"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lang=st.sampled_from(LANGUAGES))
def test_count_shortcut_never_skips_a_count(data, lang):
    """The cheap last-word test before the count patterns only skips texts they cannot match."""
    from aidextract.extract.items import CountReader

    reader = CountReader(lang)
    words = data.draw(st.lists(st.one_of(st.sampled_from(_count_words(lang)), st.sampled_from(OTHER_WORDS)),
                               min_size=1, max_size=6))
    before = data.draw(st.sampled_from([" ", "", "-"])).join(words) + data.draw(st.sampled_from([" ", "", ". ", "  "]))
    if not reader._may_end_count(before):
        assert reader.count.search(before) is None and reader.vague.search(before) is None, before


# Hostile texts (issue 15, points 2-4): each gives a record, never "internal error" or a hang.

def test_lone_surrogate_in_jsonl_gives_a_record_with_a_warning(run):
    result = run("parse", stdin=b'{"text": "\\ud800 x. Germany gave Ukraine $5 million."}\n')
    assert result.code == 0, result.stderr
    (record,) = result.records
    assert record["warnings"] == ["lone surrogate code points replaced with U+FFFD"]
    assert [a["value"] for a in record["amounts"]] == [5000000]


def test_an_article_over_a_million_characters_is_processed_not_refused(run, tmp_path):
    text = ("Berlin, 3 March 2025. Germany will send Ukraine €500 million in aid. " * 15_000)[:1_001_470]
    (tmp_path / "long.txt").write_text(text, encoding="utf-8")
    result = run("parse", "--lang", "en", str(tmp_path / "long.txt"))
    assert result.code == 0, result.stderr
    (record,) = result.records
    assert len(record["amounts"]) >= 14_000
    assert all(text[a["start"]:a["end"]] == a["text"] for a in record["amounts"])


def test_token_soup_takes_linear_time_and_keeps_offsets():
    """One huge 'word' made spaCy's tokenizer quadratic: '$' * 16000 took 100 s."""
    timings = {}
    for n in (8_000, 32_000):
        text = "Ukraine got $5 million in aid. " + "$€,)!%'»”" * (n // 9) + " Germany gave $3 million."
        started = time.perf_counter()
        record = parse_text(text, lang="en")
        timings[n] = time.perf_counter() - started
        assert [a.text for a in record.amounts] == ["$5 million", "$3 million"]
        assert_grounded(record, text)
    assert timings[32_000] < 10 * timings[8_000] + 1.0, timings
