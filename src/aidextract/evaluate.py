"""Precision, recall and F1 of the extractor against gold annotations (../shared/eval/GOLD_SPEC.md).

Fields: amounts (value+currency sets), items (aid items, matched by any acceptable name),
items+qty (the same with the right quantity), dates (ISO value sets), packages
(donor, recipient, value). Scores are given overall and per language, with the misses and
false hits behind them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .records import ArticleRecord

FIELDS = ("amounts", "items", "items+qty", "dates", "packages")


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, tp: int, fp: int, fn: int) -> None:
        self.tp += tp
        self.fp += fp
        self.fn += fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (0.0 if self.fn else 1.0)

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Report:
    overall: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FIELDS})
    by_language: dict[str, dict[str, Tally]] = field(default_factory=lambda: defaultdict(lambda: {f: Tally() for f in FIELDS}))
    details: list[dict] = field(default_factory=list)

    def as_json(self) -> dict:
        def table(tallies):
            return {f: {"precision": round(t.precision, 4), "recall": round(t.recall, 4), "f1": round(t.f1, 4),
                        "tp": t.tp, "fp": t.fp, "fn": t.fn} for f, t in tallies.items()}

        return {"overall": table(self.overall), "by_language": {k: table(v) for k, v in sorted(self.by_language.items())},
                "details": self.details}


def norm_name(name: str | None) -> str:
    """Names compared loosely: case, punctuation, "155 mm" vs "155mm", plural endings."""
    text = unicodedata.normalize("NFKC", name or "").lower()
    text = re.sub(r"(\d)\s*mm\b", r"\1mm", text)
    words = []
    for word in re.findall(r"[^\W_]+", text):
        if len(word) > 3 and word.endswith("ies"):
            word = word[:-3] + "y"
        elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.append(word)
    return " ".join(words)


def _same_value(a, b) -> bool:
    try:
        a, b = float(a), float(b)
    except (TypeError, ValueError):
        return False
    return abs(a - b) <= 0.001 * max(abs(a), abs(b), 1)


def _item_matches(gold: dict, item: dict) -> bool:
    candidates = [c for c in (norm_name(item.get("name")), norm_name(item.get("text"))) if c]
    for alias in gold["names"]:
        wanted = norm_name(alias)
        for candidate in candidates:
            if wanted == candidate:
                return True
            if len(wanted) >= 4 and (f" {wanted} " in f" {candidate} " or (len(candidate) >= 4 and f" {candidate} " in f" {wanted} ")):
                return True
    return False


def score_article(gold: dict, record: dict, tallies: list[dict[str, Tally]], details: list[dict]) -> None:
    def add(field_name: str, tp: int, fp: list, fn: list) -> None:
        for tally in tallies:
            tally[field_name].add(tp, len(fp), len(fn))
        if fp or fn:
            details.append({"id": gold["id"], "field": field_name, "false_hits": fp, "misses": fn})

    # amounts: a set of (value, currency)
    predicted: list[tuple] = []
    texts: dict[tuple, str] = {}
    for amount in record.get("amounts", []):
        key = (amount["value"], amount["currency"])
        if not any(_same_value(key[0], p[0]) and key[1] == p[1] for p in predicted):
            predicted.append(key)
            texts[key] = amount["text"]
    wanted = [(a["value"], a["currency"]) for a in gold.get("amounts", [])]
    hit = [w for w in wanted if any(_same_value(w[0], p[0]) and w[1] == p[1] for p in predicted)]
    false = [texts[p] for p in predicted if not any(_same_value(w[0], p[0]) and w[1] == p[1] for w in wanted)]
    add("amounts", len(hit), false, [f"{w[0]} {w[1]}" for w in wanted if w not in hit])

    # items: aid items only; several mentions may match one gold item
    gold_items = gold.get("items", [])
    aid = [i for i in record.get("items", []) if i.get("role", "aid") != "other"]
    matched = [False] * len(gold_items)
    with_qty = [False] * len(gold_items)
    false_names: dict[str, str] = {}
    for item in aid:
        found = False
        for k, g in enumerate(gold_items):
            if _item_matches(g, item):
                found = matched[k] = True
                if g.get("quantity") == item.get("quantity"):
                    with_qty[k] = True
        if not found:
            false_names.setdefault(norm_name(item.get("name")), item["text"])
    misses = [g["names"][0] for k, g in enumerate(gold_items) if not matched[k]]
    add("items", sum(matched), list(false_names.values()), misses)
    wrong_qty = [f"{g['names'][0]} (qty {g.get('quantity')})" for k, g in enumerate(gold_items) if matched[k] and not with_qty[k]]
    add("items+qty", sum(with_qty), list(false_names.values()) + wrong_qty,
        misses + wrong_qty)

    # dates: a set of ISO values
    gold_dates = set(gold.get("dates", []))
    found_dates = {d["value"]: d["text"] for d in record.get("dates", []) if d.get("value")}
    add("dates", len(gold_dates & set(found_dates)), [f"{found_dates[v]} -> {v}" for v in found_dates if v not in gold_dates],
        sorted(gold_dates - set(found_dates)))

    # packages: (donor, recipient, value)
    gold_packages = [(p.get("donor"), p.get("recipient"), p.get("value")) for p in gold.get("packages", [])]
    found_packages = [(p.get("donor"), p.get("recipient"), p.get("value")) for p in record.get("packages", [])]
    used = [False] * len(found_packages)
    missed = []
    for g in gold_packages:
        for j, p in enumerate(found_packages):
            if not used[j] and g[:2] == p[:2] and ((g[2] is None and p[2] is None) or _same_value(g[2], p[2])):
                used[j] = True
                break
        else:
            missed.append(str(g))
    add("packages", len(gold_packages) - len(missed), [str(p) for j, p in enumerate(found_packages) if not used[j]], missed)


def evaluate(gold_path: Path, texts_dir: Path | None = None, use_reference_date: bool = True) -> Report:
    from .api import extract
    from .sources import Article

    texts_dir = texts_dir or gold_path.parent / "texts"
    report = Report()
    with gold_path.open(encoding="utf-8") as handle:
        golds = [json.loads(line) for line in handle if line.strip()]
    for gold in golds:
        path = texts_dir / (gold.get("file") or f"{gold['id']}.txt")
        article = Article(id=gold["id"], source=str(path), text=path.read_text(encoding="utf-8"),
                          reference_date=gold.get("reference_date") if use_reference_date else None)
        record: ArticleRecord = extract(article)
        score_article(gold, record.model_dump(), [report.overall, report.by_language[gold.get("lang", record.language)]],
                      report.details)
    return report
