"""aidextract_packages: link amounts, items, countries and dates into aid packages.

A package is an amount stated in a sentence that speaks of aid (an `aid`, `kind` or `mechanism`
cue, or the sentence right after a package), unless a `not_package` cue right around it says it
is a total, a remainder, a contract, a budget or spending ("the remaining $7 billion"), a `pending`
cue anywhere in the sentence says it still awaits a vote ("the House passed $14 billion"), a request
earlier in its clause says it is only asked for ("asked Congress for $24 billion"), the
sentence counts from a date or from the start of the war ("Since 2022, ... €28 billion"), it is
a bound for one year ("en 2024, jusqu'à 3 milliards"), the old value of a raised pledge ("from
£200 million to £325 million"), or a share of a package just stated. A total stated again is
still no package.
The recipient is a usual recipient the sentence names (models/parties.yaml), else the country
after a recipient marker ("to", "для"), else the article's; the donor the country after a donor
marker ("from", "від"), else the one named nearest before the amount, else the article's main
donor; never a country listed as no donor to that recipient, an alliance, the country of a
currency, where goods were made ("American-made") or a coalition's members named after it. A sentence where a named donor
pledges a numbered package, or a donor named as a country pledges aid items, to a named recipient
gives a package with value null, unless it makes a request. The same donor, recipient and value
stated twice, or the value restated in another currency right after it, is one package.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from typing import cast

import regex
from spacy.language import Language
from spacy.tokens import Doc

from ..records import AidKind, Amount, Package
from ..resources import NEVER, language, normalize_word, not_donors, usual_recipients, words_pattern
from .dates import deadline_before
from .state import Cue, Extraction, state

_NOT_PACKAGE_BEFORE = 90   # characters before an amount where "remaining", "since 2022" disqualify it
_NOT_PACKAGE_AFTER = 45    # and after it, within the clause: "$60 billion in aid since 2022", "so far"
_ORDINAL_REACH = 30         # characters between a package's ordinal and its aid word: "the 69th drawdown package"
_WORD_CHARACTER = re.compile(r"\w")
_DECIMAL = re.compile(r"\d{1,3}\.\d")  # "1.5": no ordinal "1."
_ORDINAL_ALONE = re.compile(r"\s*(?:[.,;:!?)]|$)")  # an ordinal standing for a package named before it
_DEADLINE_REACH = 40        # characters before a year where its deadline lead stands: "bis spätestens Ende"
_TOTAL_REACH = 25           # characters between a `not_package` cue and the total it names: "a total of", "ya había recaudado más de"
_QUALIFIES_REACH = 3       # characters between an amount and a cue that qualifies it: "£3 billion a year"


class PackageComponent:
    def __init__(self, lang: str):
        data = language(lang)
        self.stem = data.stemmer
        self.ordinals = {self.stem(word): value for word, value in data.ordinals.items()}
        self.tens = {self.stem(word): int(value) for word, value in data.number_words.items()
                     if " " not in word and value % 10 == 0 and 20 <= value <= 90}
        self.cardinals = {self.stem(word) for word in data.number_words} - set(self.ordinals)
        # where an ordinal word may start; without a leading (?<!\w), re skips ahead to the words' first letters
        self.ordinal_start = re.compile(words_pattern(self.ordinals, boundary=False))
        suffixes = "|".join(("-?" + re.escape(s[1:])) if s.startswith("-") else re.escape(s)
                            for s in sorted(data.ordinal_suffixes, key=len, reverse=True)) or NEVER
        # "the 69th", "das 17. Paket"; not a type's digit ("Leopard 2A4.") nor a count ending its sentence ("... 30.")
        self.ordinal_digits = re.compile(rf"(\d(?<![\w.,]\d)\d{{0,2}})(?:{suffixes})(?!\w)(?!\s*$)")  # a digit first: re skips to digits
        joins = words_pattern(data.party_joins) if data.party_joins else NEVER
        self.party_join = re.compile(rf"(?:\s*(?:,|{joins})\s*)+", re.IGNORECASE)  # "X and Y", "sia l'X che la Y"
        self.deadline = deadline_before(lang)  # "by 2026", "do roku 2026"
        words = words_pattern(data.cues.get("restatement", {}))
        self.restatement = re.compile(rf"\s*(?:(?P<mark>[(\[,–—-])\s*)?(?P<words>{words})?", re.IGNORECASE)

    def __call__(self, doc: Doc) -> Doc:
        found = state(doc)
        focus, default_donor = _article_parties(found)
        packages: list[Package] = []
        stated: set[tuple] = set()
        last_sentence = None
        last_amount: Amount | None = None
        share_sentence: tuple[int, int] | None = None
        for index, amount in enumerate(found.amounts):
            if not amount.currency_text:
                continue  # "... contre 25 milliards pour les Etats-Unis": its currency carried, a comparison
            sentence = found.sentence_of(amount.start)
            cues = found.sentence_cues(sentence)
            # after a package in this sentence or the one before: "Aus Dänemark kommen 580 Millionen
            # Kronen dafür und aus Norwegen 1,5 Milliarden"
            follows_package = last_sentence is not None and sentence in (last_sentence, found.next_sentence(last_sentence))
            speaks_of_aid = any(c.kind in ("aid", "kind", "mechanism") for c in cues)
            gives_items = _gives_items(found, sentence)
            disqualified = _disqualified(found, amount, cues, gives_items)
            if disqualified == "total" or _running_total(found, sentence, amount) or self._yearly_envelope(found, sentence, amount):
                stated.add((amount.value, amount.currency))  # "Desses 221 milhões ...": the same total again
                continue
            if disqualified or not (speaks_of_aid or (follows_package and _codes_in(found, sentence))) \
                    or _awaits_vote(cues) or _raised_from(found, sentence, amount) or self._bill_continued(found, sentence):
                continue
            if packages and (_share_of_package(found, sentence, amount) or (
                    share_sentence is not None and sentence in (share_sentence, found.next_sentence(share_sentence))
                    and not _codes_in(found, sentence))):
                share_sentence = sentence  # "the package includes $200 million from stocks", "of which £92 million";
                continue                   # then, naming no party: "Another £39 million will be used to ..."
            donor, recipient = _parties(found, sentence, focus, default_donor, amount.start)
            if recipient is not None and donor is None:
                last_sentence = sentence  # a joint contribution: the next sentences may give each donor's share
            if recipient is None or donor is None or donor == recipient:
                continue
            if (amount.value, amount.currency) in stated or _restated(self.restatement, found.text, last_amount, amount):
                last_amount = amount  # "$325 million (R$ 1.6 billion)" stated again: still not a package
                continue
            stated.add((amount.value, amount.currency))
            packages.append(self._package(found, sentence, cues, donor, recipient, amount, index))
            last_sentence, last_amount = sentence, amount
        packages += self._valueless(found, focus, packages)
        packages.sort(key=lambda p: p.start)
        _attach_items(found, packages)
        found.packages = packages
        return doc

    def _package(self, found: Extraction, sentence: tuple[int, int], cues: list[Cue],
                 donor: str, recipient: str, amount: Amount | None, index: int | None) -> Package:
        start, end = sentence
        text = found.text
        kinds = [cast(AidKind, c.value) for c in cues if c.kind == "kind" and c.value]  # the schema holds kinds to AidKind
        mechanisms = [c.value for c in cues if c.kind == "mechanism" and c.value] or _article_mechanism(found)
        dates = [d.value for d in found.dates_in(start, end) if d.value]
        return Package(
            text=text[start:end], start=start, end=end, donor=donor, recipient=recipient,
            value=amount.value if amount else None, currency=amount.currency if amount else None,
            amount=index, kind=kinds[0] if kinds else None, date=dates[0] if dates else None,
            sequence=self._sequence_near(found, sentence), mechanism=mechanisms[0] if mechanisms else None,
        )

    def _sequence_near(self, found: Extraction, sentence: tuple[int, int]) -> int | None:
        """"the 69th tranche" in the sentence, or in the next one if that states no amount of its own."""
        sequence = self._sequence(found, sentence)
        following = found.next_sentence(sentence)
        if sequence is None and following and not any(following[0] <= a.start < following[1] for a in found.amounts):
            sequence = self._sequence(found, following)
        return sequence

    def _sequence(self, found: Extraction, sentence: tuple[int, int]) -> int | None:
        """The number of a package: an ordinal next to an aid word ("the 69th package", "das 17.
        Paket", "l'undicesimo pacchetto"), not of a meeting ("the 25th meeting of the Contact Group");
        read once per sentence."""
        key = ("sequence", sentence)
        if key not in found.memo:
            found.memo[key] = self._read_sequence(found, sentence)
        return found.memo[key]

    def _read_sequence(self, found: Extraction, sentence: tuple[int, int]) -> int | None:
        text = _without_dates(found, sentence)
        ordinals = list(self._ordinals(text))
        if not ordinals:
            return None  # as most sentences: spare listing their words
        cues = found.sentence_cues(sentence)
        aid_words = [(c.start - sentence[0], c.end - sentence[0]) for c in cues if c.kind == "aid"]
        since_words = {c.start - sentence[0] for c in cues if c.kind == "since"}
        for start, end, value in ordinals:
            next_word = end + len(text[end:]) - len(text[end:].lstrip())
            standalone = _ORDINAL_ALONE.match(text, end) is not None or next_word in since_words
            if standalone or any(abs(cue_start - end) <= _ORDINAL_REACH or abs(start - cue_end) <= _ORDINAL_REACH
                                 for cue_start, cue_end in aid_words):
                return value  # "the 69th package"; "..., the 69th." and "the 69th since 2021" stand for one
        return None

    def _ordinals(self, sentence: str) -> Iterator[tuple[int, int, int]]:
        """(start, end, value) of each ordinal of the sentence, in digits or in words."""
        for match in self.ordinal_digits.finditer(sentence):
            value = int(match.group(1))
            if 1 <= value <= 300 and not _DECIMAL.match(sentence, match.start()):
                yield match.start(), match.end(), value
        if not self._starts_ordinal(normalize_word(sentence)):
            return  # no word starts like an ordinal: spare stemming every word
        words = [(m.start(), m.end(), self.stem(_elided(m.group().lower()))) for m in re.finditer(r"[\w'’]+", sentence)]
        for index, (start, end, word) in enumerate(words):
            if word in self.ordinals and word not in self.cardinals:  # "sixty-ninth": tens + a unit ordinal
                tens = self.tens.get(words[index - 1][2], 0) if index else 0
                yield start, end, tens + self.ordinals[word] if self.ordinals[word] < 10 else self.ordinals[word]

    def _starts_ordinal(self, text: str) -> bool:
        """Whether a word of the text starts like an ordinal (at a start not after a letter or digit)."""
        match = self.ordinal_start.search(text)
        while match is not None:
            if not match.start() or not _WORD_CHARACTER.match(text, match.start() - 1):
                return True
            match = self.ordinal_start.search(text, match.start() + 1)
        return False

    def _valueless(self, found: Extraction, focus: str | None, valued: list[Package]) -> list[Package]:
        """A sentence where a named donor pledges or delivers a numbered package, or aid items (the
        donor named as a country), to a named recipient, with no value: a package with value null,
        unless the pair has a valued one, the sentence makes a request, or the article speaks of
        paused aid."""
        if any(self._of_aid(found, c) for c in found.cues if c.kind == "aid" and c.value == "paused"):
            return []  # an article about paused aid announces nothing new
        pairs = {(p.donor, p.recipient) for p in valued}
        packages = []
        for sentence in _aid_sentences(found):
            cues = found.sentence_cues(sentence)
            statuses = {c.value for c in cues if c.kind == "aid"}
            if "requested" in statuses or _awaits_vote(cues):
                continue  # "the president asked Iceland to speed up deliveries" announces nothing
            named = _codes_in(found, sentence)
            if len(named) < 2:
                continue  # the donor and the recipient are both named in the sentence, and differ
            # "stellt ... zur Verfügung": only with items
            numbered = bool(statuses & {"pledged", "delivered"}) and self._sequence(found, sentence) is not None
            with_items = _gives_items(found, sentence)
            if not numbered and any(c.kind == "not_package" for c in cues):
                continue  # "zatwierdzili sprzedaż Patriotów": a sale; "for its own army"
            if not (numbered or with_items):
                continue
            # the donor is the subject: the country nearest before the last aid verb ("Canada sent
            # ..., and promised an American-made system"; "Germany pledged €1.4 billion, while
            # Italy approved its ninth package")
            verb = _reported(found.text, [c for c in cues if c.kind == "aid" and c.value]) or [c for c in cues if c.kind == "aid"]
            donor, recipient = _parties(found, sentence, focus, None, verb[-1].start, joint=False)
            # items need a donor named as a country, not in passing ("the Czech initiative", "said
            # the Norwegian ministry"); a numbered package may name it so ("the Italian government")
            donors = [e for e in _parties_in(found, *sentence) if numbered or e.label != "demonym"]
            if donor is None or recipient not in named or donor not in {e.code for e in donors}:
                continue
            excluded = not_donors(recipient)
            for code in self._coordinated(found, donors, donor):  # "Німеччина та Нідерланди пообіцяли"
                if code != recipient and code not in excluded and (code, recipient) not in pairs:
                    packages.append(self._package(found, sentence, cues, code, recipient, None, None))
                    pairs.add((code, recipient))
        return packages

    def _yearly_envelope(self, found: Extraction, sentence: tuple[int, int], amount: Amount) -> bool:
        """A bound or an estimate for a year named before it is a budget line, not a package: "en
        2024, la France fournira jusqu'à 3 milliards", "em 2024 ... com cerca de 221 milhões"; a
        deadline is not ("do roku 2026 vyčlení až 75 miliard": a pledge until then)."""
        return amount.qualifier in ("up_to", "about") and any(
            d.granularity == "year" and d.end <= amount.start and not self._after_deadline(found.text, d.start)
            for d in found.dates_in(sentence[0], amount.start))

    def _after_deadline(self, text: str, start: int) -> bool:
        return self.deadline is not None and self.deadline.search(text, max(0, start - _DEADLINE_REACH), start) is not None

    @staticmethod
    def _bill_continued(found: Extraction, sentence: tuple[int, int]) -> bool:
        """A sentence naming no donor (no country but the usual recipients) right after one that
        awaits a vote goes on about the same bill: "... passed by a vote of 311-112. It's a $95
        billion package, with $61 billion going to Ukraine." """
        index = found.sentence_index(sentence[0])
        return index > 0 and set(_codes_in(found, sentence)) <= usual_recipients() \
            and _awaits_vote(found.sentence_cues(found.sentences[index - 1]))

    @staticmethod
    def _of_aid(found: Extraction, cue: Cue) -> bool:
        """A cue in a sentence that speaks of aid (another aid word, a kind of aid, aid items):
        "deliveries were halted", not "local authorities denied significant damage"."""
        sentence = found.sentence_of(cue.start)
        return any(c.kind in ("aid", "kind") and c is not cue for c in found.sentence_cues(sentence)) \
            or _gives_items(found, sentence)

    def _coordinated(self, found: Extraction, donors: list, donor: str) -> list[str]:
        """The donor, and the donors joined to it by "and", a comma or "both ... and": each pledges
        its own valueless package."""
        codes = [donor]
        for first, second in zip(donors, donors[1:]):
            if not self.party_join.fullmatch(found.text, first.end, second.start):
                continue
            if first.code in codes and second.code not in codes and second.label == "country":
                codes.append(second.code)
            elif second.code in codes and first.code not in codes and first.label == "country":
                codes.insert(0, first.code)
        return codes


_ELISION = regex.compile(r"^\p{Script=Latin}{1,4}['’](?=\w{3})")  # l'undicesimo, dell'ottavo, d'un: not п'ятий


def _reported(text: str, verbs: list[Cue]) -> list[Cue]:
    """The aid verbs of a sentence but one that reports it after a comma ("..., anunciou a
    ministra", "..., announced the minister"), whose subject is the speaker, not the donor."""
    return [c for c in verbs if not text[max(0, c.start - 3):c.start].rstrip().endswith((",", '"', "»", "”"))] or verbs


def _elided(word: str) -> str:
    return _ELISION.sub("", word)


def _without_dates(found: Extraction, sentence: tuple[int, int]) -> str:
    """The sentence with its dates blanked: "12. Dezember" is no 12th package."""
    start, end = sentence
    text = found.text[start:end]
    for date in found.dates_in(start, end):
        text = text[:date.start - start] + " " * (date.end - date.start) + text[date.end - start:]
    return text


_RESTATED_WITHIN = 25        # characters after a value where its restatement may start: "(about €85 million)"
_RESTATED_WITH_WORDS = 40    # with a restating phrase: ", o que equivale a mais de 15 bilhões de reais"


def _restated(restatement: re.Pattern, text: str, previous: Amount | None, amount: Amount) -> bool:
    """The value of the package just read, again in another currency or form, right after it:
    "1 billion kroner (about €85 million)", "$1.2 billion, or €1.1 billion"."""
    if previous is None:
        return False
    gap = amount.start - previous.end
    match = restatement.match(text, previous.end, amount.start)
    if match is None or not (match.group("mark") or match.group("words")):
        return False
    return gap <= _RESTATED_WITHIN or (gap <= _RESTATED_WITH_WORDS and bool(match.group("words")))


def _running_total(found: Extraction, sentence: tuple[int, int], amount: Amount) -> bool:
    """ "Since February 2022, Berlin has given €28 billion", "Depuis le début de l'invasion, la
    France a fourni 3,7 milliards": a date right after a `since` word earlier in the sentence, or
    the start of the war (an `onset` word at most two words after it), makes the amount a total
    to date; so does a `since` later in the sentence that a date or an onset word follows within
    a few words, after a rounded amount ("approximately $5 billion ... since Russian forces
    crossed into Ukraine on Feb. 24"; a package's exact "$425 million ..., the 69th since late
    2021" stays a package)."""
    cues = found.sentence_cues(sentence)
    since_ends = [c.end for c in cues if c.kind == "since" and c.end <= amount.start]
    later = [c.end for c in cues if c.kind == "since" and c.start >= amount.end]
    if not since_ends and not later:
        return False
    dates = [d.start for d in found.dates_in(*sentence)]
    onsets = [c.start for c in cues if c.kind == "onset"]
    before = any(_words_between(found.text, end, date) == 0 for end in since_ends for date in dates if date < amount.start) or \
        any(0 <= _words_between(found.text, end, onset) <= 2 for end in since_ends for onset in onsets if onset < amount.start)
    return before or (amount.qualifier is not None and any(0 <= len(found.text[end:mark].split()) <= _SINCE_REACH
                         for end in later for mark in [*dates, *onsets] if mark >= end))


_SINCE_REACH = 8  # words between a later `since` and the date or onset it counts from


def _gives_items(found: Extraction, sentence: tuple[int, int]) -> bool:
    """Does the sentence name aid items?"""
    return any(i.role == "aid" for i in found.items_in(*sentence))


def _awaits_vote(cues: list[Cue]) -> bool:
    """A `pending` cue anywhere in the sentence: a bill, a chamber's vote."""
    return any(c.kind == "pending" for c in cues)


def _raised_from(found: Extraction, sentence: tuple[int, int], amount: Amount) -> bool:
    """The old value of an amount raised to another: "raise its pledge from £200 million to £325
    million", "auf 325 Millionen erhöhen": a `raised` cue, and a larger amount in the same currency."""
    return any(c.kind == "raised" for c in found.sentence_cues(sentence)) and any(
        other.currency == amount.currency and other.value > amount.value
        for other in found.amounts if sentence[0] <= other.start < sentence[1])


def _share_of_package(found: Extraction, sentence: tuple[int, int], amount: Amount) -> bool:
    """A `part` cue earlier in the sentence ("the package includes", "of which", "з яких") makes
    the amount a share of a package already stated, not a package of its own."""
    return any(c.kind == "part" and c.end <= amount.start for c in found.sentence_cues(sentence))


def _words_between(text: str, end: int, start: int) -> int:
    """How many words stand between two positions of a clause (-1: the wrong order, or a break)."""
    if start < end or any(mark in text[end:start] for mark in ",;:.()–—"):
        return -1
    return len(text[end:start].split())


def _disqualified(found: Extraction, amount: Amount, cues: list[Cue], gives_items: bool = False) -> str | None:
    """Why the amount is no package, or None. "total": a total, a remainder, a contract: a
    `not_package` cue right before the amount ("has raised more than £2 billion") or after it in
    the same clause; "context" when the cue stands further before it ("from the budget I have, I
    will transfer $100 million"; unless it qualifies another amount right before it: "£3 billion
    a year, and Canada announced $500 million").
    "cost": a `cost` cue so placed, unless the sentence gives aid items ("twelve more Caesar guns,
    for a cost of €50 million" is their package). "request": a request or need earlier in the
    clause ("asked Congress for $24 billion")."""
    text = found.text
    for cue in cues:
        before = amount.start - _NOT_PACKAGE_BEFORE <= cue.start and cue.end <= amount.start \
            and not _amount_ends_within(found, cue.start - _QUALIFIES_REACH, cue.start)
        if cue.kind == "aid" and cue.value == "requested":
            if before and not re.search(r"[.;:!?]", text[cue.end:amount.start]):
                return "request"
            continue
        if cue.kind != "not_package" and (cue.kind != "cost" or gives_items):
            continue
        after = amount.end <= cue.start <= amount.end + _NOT_PACKAGE_AFTER and not re.search(r"[,;:()–—]", text[amount.end:cue.start])
        if before or after:
            if cue.kind == "cost":
                return "cost"
            return "total" if after or amount.start - cue.end <= _TOTAL_REACH else "context"
    return None


def _amount_ends_within(found: Extraction, lo: int, hi: int) -> bool:
    """Does an amount end between two offsets (bisection over the sorted ends)?"""
    if "amount_ends" not in found.memo:
        found.memo["amount_ends"] = sorted(a.end for a in found.amounts)
    ends = found.memo["amount_ends"]
    index = bisect.bisect_left(ends, lo)
    return index < len(ends) and ends[index] <= hi


def _aid_sentences(found: Extraction) -> list[tuple[int, int]]:
    """The sentences with an `aid` cue, in order (listed once per document)."""
    if "aid_sentences" not in found.memo:
        found.memo["aid_sentences"] = [sentence for sentence in found.sentences
                                       if any(cue.kind == "aid" for cue in found.sentence_cues(sentence))]
    return found.memo["aid_sentences"]


def _codes_in(found: Extraction, sentence: tuple[int, int]) -> list[str]:
    """The codes of the parties the sentence names, in order, once each (kept per sentence: not to be changed)."""
    key = ("codes", sentence)
    codes = found.memo.get(key)
    if codes is None:
        codes = found.memo[key] = list(dict.fromkeys(entity.code for entity in _parties_in(found, *sentence)))
    return codes


def _parties_in(found: Extraction, start: int, end: int) -> list:
    """The entities starting within [start, end) that can be parties: not the country of a currency
    named right after its amount ("50 миллионов долларов США", "$38 million US"), nor where goods
    were made ("an American-made system", "de fabricación estadounidense")."""
    parties, starts = _party_entities(found)
    return parties[bisect.bisect_left(starts, start):bisect.bisect_left(starts, end)]


def _party_entities(found: Extraction) -> tuple[list, list[int]]:
    """(the entities that can be parties, in text order; their starts), listed once per document."""
    if "parties" not in found.memo:
        not_parties = _not_parties(found)
        parties = [e for e in found.entities if e.start not in not_parties]
        found.memo["parties"] = parties, [e.start for e in parties]
    return found.memo["parties"]


def _not_parties(found: Extraction) -> set[int]:
    """The starts of the entities that are no party: currency countries, origins of goods, members
    of a coalition named right after it."""
    if "not_parties" not in found.memo:
        text = found.text
        currencies = {e.start for a in found.amounts for e in found.entities_in(a.start, a.end + 3)
                      if a.currency and e.code == a.currency[:2] and not text[a.end:e.start].strip()}
        origins = {e.start for c in found.cues if c.kind == "origin"  # the recipient's own industry stays the recipient
                   for e in found.entities_in(c.start - _LONGEST_NAME, c.end + _ORIGIN_REACH)
                   if e.code not in usual_recipients()
                   and ((e.end <= c.start and not text[e.end:c.start].strip()) or (c.end <= e.start and _adjacent(text, c.end, e.start)))}
        members = {e.start for c in found.cues if c.kind == "coalition"  # "a coalition co-led by the UK and Latvia will send"
                   for e in found.entities_in(c.end, min(c.end + _MEMBERS_REACH, found.sentence_of(c.start)[1]))}
        found.memo["not_parties"] = currencies | origins | members
    return found.memo["not_parties"]


_ORIGIN_REACH = 8    # characters between an origin word and its country: "made in the USA"
_MEMBERS_REACH = 60  # characters after a coalition word where its members are named
_LONGEST_NAME = 40  # characters: a country's name before an origin word ("amerikanischer Produktion")


def _article_parties(found: Extraction) -> tuple[str | None, str | None]:
    """(recipient, donor) of the article: a usual recipient it names (else the most named
    country), and the other country most named in its aid sentences."""
    entities = _party_entities(found)[0]
    named = _counts(e.code for e in entities if e.label != "demonym")
    usual = [code for code in named if code in usual_recipients()]
    focus = _most_counted(named, usual or named)
    excluded = not_donors(focus)
    in_aid = _counts(e.code for e in _in_aid_sentences(found, entities) if e.code != focus and e.code not in excluded)
    return focus, _most_counted(in_aid, in_aid)


def _counts(codes: Iterable[str]) -> dict[str, int]:
    """How often each code comes, in the order they first come (a Counter, without its cost)."""
    counts: dict[str, int] = {}
    for code in codes:
        counts[code] = counts.get(code, 0) + 1
    return counts


def _most_counted(counts: dict[str, int], codes: Iterable[str]) -> str | None:
    """The code of `codes` counted most, the first of those tied (as Counter.most_common orders them)."""
    return max(codes, key=counts.__getitem__, default=None)


def _in_aid_sentences(found: Extraction, entities: list) -> list:
    """The entities whose sentence (`found.sentence_of`) has an `aid` cue."""
    if not found.sentences:  # the whole text is their sentence
        return entities if any(c.kind == "aid" for c in found.cues) else []
    aid_starts = {sentence[0] for sentence in _aid_sentences(found)}
    starts = found.sentence_starts
    return [e for e in entities if starts[max(0, bisect.bisect_right(starts, e.start) - 1)] in aid_starts]


def _marked(found: Extraction, sentence: tuple[int, int], kind: str) -> list[str]:
    """Countries right after a recipient or donor marker: "to Ukraine", "від Німеччини"."""
    key = (sentence, kind)
    if key not in found.memo:
        ends = [c.end for c in found.sentence_cues(sentence) if c.kind == kind]
        found.memo[key] = [e.code for e in _parties_in(found, *sentence)
                           if any(_adjacent(found.text, end, e.start) for end in ends)] if ends else []
    return found.memo[key]


def _adjacent(text: str, end: int, start: int) -> bool:
    """Nothing but space and at most a short article between a marker and a name."""
    return 0 <= start - end <= 6 and (not text[end:start].strip() or len(text[end:start].split()) == 1)


def _parties(found: Extraction, sentence: tuple[int, int], focus: str | None,
             default_donor: str | None, position: int, joint: bool = True) -> tuple[str | None, str | None]:
    """(donor, recipient) for a value at `position`: marked ones first, else the usual recipient
    and the country named nearest before the value. With `joint`, many countries named before
    the value give no donor (a joint contribution)."""
    codes = _codes_in(found, sentence)
    before = [e.code for e in _parties_in(found, sentence[0], position)]
    codes = list(dict.fromkeys([*reversed(before), *codes]))
    recipients = recipients_marked = _marked(found, sentence, "recipient")
    nearest = {code: rank for rank, code in enumerate(dict.fromkeys(reversed(before)))}
    donors = sorted((c for c in _marked(found, sentence, "donor") if c not in recipients),
                    key=lambda c: nearest.get(c, len(nearest)))  # "aus Dänemark ... und aus Norwegen 1,5 Mrd"
    usual = [c for c in codes if c in usual_recipients() and c not in donors]
    recipients = usual or recipients or ([focus] if focus and focus not in donors else [])
    recipient = recipients[0] if recipients else None
    excluded = not_donors(recipient)
    if joint and len({c for c in before if c != recipient and c not in excluded}) >= _MANY_DONORS:
        return None, recipient  # "Sweden, Denmark and Norway provide $500 million": no one donor
    # a country after "to" receives: "... and 70 instructors to the UK" names no donor
    others = [c for c in donors + codes if c != recipient and c not in excluded and c not in recipients_marked]
    if not others:  # "The packages are worth $500 million": the donor of the sentence before
        others = [c for c in _codes_in(found, found.sentences[max(0, found.sentence_index(sentence[0]) - 1)])
                  if c != recipient and c not in excluded][:1]
    donor = others[0] if others else (default_donor if default_donor not in excluded else None)
    return donor, recipient


_MANY_DONORS = 3  # countries named before a value: a joint contribution, not one donor's package


def _article_mechanism(found: Extraction) -> list[str]:
    """The one mechanism the article names, if it names one (read once per document: not to be changed)."""
    if "mechanism" not in found.memo:
        mechanisms = {c.value for c in found.cues if c.kind == "mechanism" and c.value}
        found.memo["mechanism"] = list(mechanisms) if len(mechanisms) == 1 else []
    return found.memo["mechanism"]


def _attach_items(found: Extraction, packages: list[Package]) -> None:
    """Each aid item goes to the package stated last before it (or the first package); items
    only requested, or paused and refused, are in no package."""
    if not packages:
        return
    starts = [p.start for p in packages]
    for index, item in enumerate(found.items):
        if item.role == "aid" and item.status not in ("requested", "paused"):
            packages[max(0, bisect.bisect_right(starts, item.start) - 1)].items.append(index)


@Language.factory("aidextract_packages", default_config={"lang": "en"})
def make_packages(nlp: Language, name: str, lang: str) -> PackageComponent:
    return PackageComponent(lang)
