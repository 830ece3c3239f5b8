"""Throughput benchmark: aidextract end to end vs. spaCy's blank tokenizer, on one machine, in one run.

    make bench                      # or: .venv/bin/python benchmarks/run.py [--articles 2000]

1. Builds a corpus of varied articles in all ten languages from samples/ and tests/gold/texts/:
   every variant gets new numbers (same digit shapes, so new dates and years too) and shuffled
   paragraphs, so that no two articles are alike and no cache flatters the result.
2. Times `aidextract parse corpus.jsonl -o out.jsonl` (reading, extraction, validation, JSONL
   writing) with --jobs 1 and --jobs 2, and its peak memory on the full corpus and on a quarter
   of it (memory must not grow with the number of articles), and that of each --jobs 2 process.
3. Times start-up: `aidextract parse` on one short file (median of 5).
4. Tokenizes the same corpus with `spacy.blank(lang)` in this process: the reference speed.

The throughput runs and the reference are repeated in rounds (--repeat): times are the median
over rounds, and the two ratios are the medians of the ratios within each round, whose runs
follow each other closely (this machine's speed drifts by a third within minutes). The package is
byte-compiled first, as an installed package is (PYTHONDONTWRITEBYTECODE would skip it).
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import random
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLI = [sys.executable, "-m", "aidextract"]
DIGITS = re.compile(r"\d+")
SHORT_ARTICLE = (  # a one-paragraph news item: what "start-up on one short file" means here
    "U.S. pledges $725 million in arms for Ukraine\n\n"
    "Washington, 2 December 2024 — The United States will send Ukraine a $725 million package of "
    "weapons, including Stinger missiles and 155mm artillery rounds, the State Department said on "
    "Monday. Russia launched 110 drones at Ukrainian cities overnight.\n"
)


def base_texts() -> list[tuple[str, str]]:
    """(language, text) of every sample and development gold article."""
    texts = []
    for path in sorted((ROOT / "samples").glob("*.txt")):
        texts.append((path.name[:2], path.read_text(encoding="utf-8")))
    for path in sorted((ROOT / "tests" / "gold" / "texts").glob("*.txt")):
        texts.append((path.stem.split("_")[1], path.read_text(encoding="utf-8")))
    return texts


def vary(text: str, rng: random.Random) -> str:
    """New digits of the same shape, paragraphs in another order (the headline stays first)."""
    text = DIGITS.sub(lambda m: str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in m.group()[1:]), text)
    head, *paragraphs = text.split("\n\n")
    rng.shuffle(paragraphs)
    return "\n\n".join([head, *paragraphs])


def build_corpus(count: int, path: Path, seed: int = 7) -> tuple[int, dict[str, int]]:
    rng = random.Random(seed)
    texts = base_texts()
    words = 0
    per_language: dict[str, int] = {}
    with path.open("w", encoding="utf-8") as out:
        for number in range(count):
            lang, text = texts[number % len(texts)]
            varied = vary(text, rng)
            words += len(varied.split())
            per_language[lang] = per_language.get(lang, 0) + 1
            out.write(json.dumps({"id": f"bench-{number}", "text": varied, "language": lang}, ensure_ascii=False) + "\n")
    return words, per_language


def timed(command: list[str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (KiB) of a child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.run(command, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(command)}\n{proc.stderr[-2000:]}")
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(peak, before)


def peak_rss(command: list[str]) -> int:
    """Peak RSS (KiB) of one child, measured by GNU time when present, else by getrusage."""
    if Path("/usr/bin/time").exists():
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", *command], capture_output=True, text=True)
        return int(proc.stderr.strip().splitlines()[-1])
    code = "import resource,subprocess,sys;subprocess.run(sys.argv[1:],capture_output=True);" \
           "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    return int(subprocess.run([sys.executable, "-c", code, *command], capture_output=True, text=True).stdout)


def peak_rss_per_process(command: list[str]) -> list[int] | None:
    """Peak RSS (KiB) of the process and of each process it starts (the workers of --jobs), read
    from /proc every 20 ms (Linux only: None elsewhere), largest first."""
    if not Path("/proc/self/status").exists():
        return None
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peaks: dict[int, int] = {}
    while proc.poll() is None:
        for pid in [proc.pid, *_children(proc.pid)]:
            peaks[pid] = max(peaks.get(pid, 0), _status_kib(pid, "VmRSS:"))
        time.sleep(0.02)
    return sorted(peaks.values(), reverse=True)


def _children(pid: int) -> list[int]:
    try:
        return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _status_kib(pid: int, field: str) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def tokenizer_speed(corpus: Path) -> float:
    """Seconds to tokenize the corpus with spacy.blank(lang), pipelines created beforehand."""
    import spacy

    rows = [json.loads(line) for line in corpus.open(encoding="utf-8")]
    nlps = {lang: spacy.blank(lang) for lang in {row["language"] for row in rows}}
    started = time.perf_counter()
    for row in rows:
        nlps[row["language"]](row["text"])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=2400)
    parser.add_argument("--repeat", type=int, default=3, help="rounds of the throughput runs (medians are reported)")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        corpus, small = tmp / "corpus.jsonl", tmp / "small.jsonl"
        words, per_language = build_corpus(args.articles, corpus)
        build_corpus(args.articles // 4, small, seed=11)
        short = tmp / "short.txt"
        short.write_text(SHORT_ARTICLE, encoding="utf-8")

        compileall.compile_dir(ROOT / "src", quiet=1)  # as installed: byte-compiled, even under PYTHONDONTWRITEBYTECODE
        subprocess.run([*CLI, "parse", str(short)], capture_output=True)  # warm the OS file cache
        startup = statistics.median(timed([*CLI, "parse", str(short)])[0] for _ in range(5))
        rounds = []  # (jobs 1, jobs 2, tokenizer) seconds, measured side by side
        for _ in range(args.repeat):
            rounds.append((timed([*CLI, "parse", str(corpus), "-o", str(tmp / "out1.jsonl")])[0],
                           timed([*CLI, "parse", "--jobs", "2", str(corpus), "-o", str(tmp / "out2.jsonl")])[0],
                           tokenizer_speed(corpus)))
        one, two, reference = (statistics.median(column) for column in zip(*rounds))
        memory_full = peak_rss([*CLI, "parse", str(corpus), "-o", os.devnull])
        memory_quarter = peak_rss([*CLI, "parse", str(small), "-o", os.devnull])
        memory_jobs2 = peak_rss_per_process([*CLI, "parse", "--jobs", "2", str(corpus), "-o", os.devnull])
        records = sum(1 for _ in (tmp / "out1.jsonl").open(encoding="utf-8"))
        assert records == args.articles, f"{records} records for {args.articles} articles"

    results = {
        "articles": args.articles,
        "rounds_s": [[round(seconds, 2) for seconds in r] for r in rounds],  # jobs 1, jobs 2, tokenizer
        "words": words,
        "languages": per_language,
        "jobs1_seconds": round(one, 2),
        "jobs1_words_per_s": round(words / one),
        "jobs1_articles_per_s": round(args.articles / one, 1),
        "jobs2_seconds": round(two, 2),
        "jobs2_words_per_s": round(words / two),
        "jobs2_speedup": round(statistics.median(a / b for a, b, _ in rounds), 2),
        "tokenizer_seconds": round(reference, 2),
        "tokenizer_words_per_s": round(words / reference),
        "ratio_to_tokenizer": round(statistics.median(c / a for a, _, c in rounds), 2),
        "startup_seconds": round(startup, 3),
        "peak_rss_mib_full": round(memory_full / 1024, 1),
        "peak_rss_mib_quarter": round(memory_quarter / 1024, 1),
        # --jobs 2: the parent and its two workers, largest first (sampled, so a little under the true peak)
        "peak_rss_mib_jobs2": [round(kib / 1024, 1) for kib in memory_jobs2] if memory_jobs2 else None,
        "cpu": _cpu(),
    }
    width = max(map(len, results))
    for key, value in results.items():
        print(f"{key:<{width}}  {value}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


def _cpu() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return f"{line.split(':', 1)[1].strip()} x{os.cpu_count()}"
    except OSError:
        pass
    return f"{os.cpu_count()} CPUs"


if __name__ == "__main__":
    main()
