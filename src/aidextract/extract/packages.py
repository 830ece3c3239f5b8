"""aidextract_packages: link amounts, items, countries and dates into aid packages.

A package is an amount stated in a sentence that speaks of aid (an `aid` cue), unless a
`not_package` cue right around it says it is a total, a remainder, a contract or a budget
("the remaining $7 billion", "more than $60 billion since 2022"). Its recipient is the country
the article is about (the most named one) when the sentence names it, its donor the other
country of the sentence, else the country most named in the article's aid sentences. An
article with aid items pledged or delivered by a named donor but no value gives one package
with value null. The same donor, recipient and value stated twice is one package.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.language import Language
from spacy.tokens import Doc

from ..records import Amount, Package
from ..resources import language
from .state import Cue, Extraction, state

_NOT_PACKAGE_BEFORE = 45   # characters before an amount where "remaining", "total" disqualify it
_NOT_PACKAGE_AFTER = 30    # and after it: "since February 2022", "so far"
_ORDINAL_DIGITS = re.compile(r"(?<![\d.,])(\d{1,3})(?:st|nd|rd|th|-?(?:й|ий|ой|ий|ти|ви|ри|ми|го)|\.|e|er|º|ª|°)(?!\w)")


class PackageComponent:
    def __init__(self, lang: str):
        self.ordinals = language(lang).ordinals

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        focus, default_donor = _article_parties(found)
        packages: list[Package] = []
        for index, amount in enumerate(found.amounts):
            sentence = found.sentence_of(amount.start)
            cues = found.cues_in(*sentence)
            if not any(c.kind == "aid" for c in cues) or _disqualified(amount, cues):
                continue
            donor, recipient = _parties(found, sentence, focus, default_donor)
            if recipient is None or donor is None or donor == recipient:
                continue
            if any(p.donor == donor and p.recipient == recipient and p.value == amount.value
                   and p.currency == amount.currency for p in packages):
                continue
            packages.append(self._package(doc.text, found, sentence, cues, donor, recipient, amount, index))
        if not packages:
            packages = self._valueless(doc.text, found, focus)
        _attach_items(found, packages)
        found.packages = packages
        return doc

    def _package(self, text: str, found: Extraction, sentence: tuple[int, int], cues: list[Cue],
                 donor: str, recipient: str, amount: Amount | None, index: int | None) -> Package:
        start, end = sentence
        kinds = [c.value for c in cues if c.kind == "kind" and c.value]
        mechanisms = [c.value for c in cues if c.kind == "mechanism"] or _article_mechanism(found)
        dates = [d.value for d in found.dates if start <= d.start < end and d.value]
        return Package(
            text=text[start:end], start=start, end=end, donor=donor, recipient=recipient,
            value=amount.value if amount else None, currency=amount.currency if amount else None,
            amount=index, kind=kinds[0] if kinds else None, date=dates[0] if dates else None,
            sequence=self._sequence(text[start:end]), mechanism=mechanisms[0] if mechanisms else None,
        )

    def _sequence(self, sentence: str) -> int | None:
        match = _ORDINAL_DIGITS.search(sentence)
        if match and not re.match(r"\d{1,3}\.\d", sentence[match.start():]):
            value = int(match.group(1))
            if 1 <= value <= 300:
                return value
        for word in re.findall(r"[\w'’-]+", sentence.lower()):
            if word in self.ordinals:
                return self.ordinals[word]
        return None

    def _valueless(self, text: str, found: Extraction, focus: str | None) -> list[Package]:
        """Aid items pledged or delivered by a donor the sentence names: a package without value."""
        for item in found.items:
            if item.role != "aid" or item.status not in ("pledged", "delivered"):
                continue
            sentence = found.sentence_of(item.start)
            named = _codes_in(found, sentence)
            donors = [code for code in named if code != focus]
            if focus in named and donors:
                cues = found.cues_in(*sentence)
                return [self._package(text, found, sentence, cues, donors[0], focus, None, None)]
        return []


def _disqualified(amount: Amount, cues: list[Cue]) -> bool:
    return any(
        c.kind == "not_package"
        and amount.start - _NOT_PACKAGE_BEFORE <= c.start
        and c.end <= amount.end + _NOT_PACKAGE_AFTER
        for c in cues
    )


def _codes_in(found: Extraction, sentence: tuple[int, int]) -> list[str]:
    start, end = sentence
    codes: list[str] = []
    for entity in found.entities:
        if start <= entity.start < end and entity.code not in codes:
            codes.append(entity.code)
    return codes


def _article_parties(found: Extraction) -> tuple[str | None, str | None]:
    """(focus, default donor): the most named country, and the most named other one in aid sentences."""
    named = Counter(e.code for e in found.entities if e.label != "demonym")
    focus = named.most_common(1)[0][0] if named else None
    in_aid = Counter()
    for entity in found.entities:
        sentence = found.sentence_of(entity.start)
        if entity.code != focus and any(c.kind == "aid" for c in found.cues_in(*sentence)):
            in_aid[entity.code] += 1
    donor = in_aid.most_common(1)[0][0] if in_aid else None
    return focus, donor


def _parties(found: Extraction, sentence: tuple[int, int], focus: str | None,
             default_donor: str | None) -> tuple[str | None, str | None]:
    codes = _codes_in(found, sentence)
    others = [code for code in codes if code != focus]
    recipient = focus
    donor = others[0] if others else default_donor
    return donor, recipient


def _article_mechanism(found: Extraction) -> list[str]:
    mechanisms = {c.value for c in found.cues if c.kind == "mechanism"}
    return list(mechanisms) if len(mechanisms) == 1 else []


def _attach_items(found: Extraction, packages: list[Package]) -> None:
    """Each aid item goes to the package stated last before it (or the first package)."""
    if not packages:
        return
    for index, item in enumerate(found.items):
        if item.role != "aid":
            continue
        before = [p for p in packages if p.start <= item.start]
        (before[-1] if before else packages[0]).items.append(index)


@Language.factory("aidextract_packages", default_config={"lang": "en"})
def make_packages(nlp: Language, name: str, lang: str) -> PackageComponent:
    return PackageComponent(lang)
