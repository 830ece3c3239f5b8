"""Language identification: the ten supported languages, and no Cyrillic confusion."""

from __future__ import annotations

import pytest

from aidextract.language import detect
from aidextract.resources import LANGUAGES

PARAGRAPHS = {
    "bg": "Министерството на отбраната съобщи, че България ще изпрати на Украйна нов пакет с военна помощ, "
          "който включва бронирани машини и боеприпаси. Решението беше одобрено от парламента в четвъртък.",
    "uk": "Міністерство оборони повідомило, що Україна отримала новий пакет військової допомоги, який включає "
          "броньовані машини та боєприпаси. Рішення ухвалили у четвер після тривалих переговорів.",
    "ru": "Министерство обороны сообщило, что Украина получила новый пакет военной помощи, который включает "
          "бронированные машины и боеприпасы. Решение было принято в четверг после долгих переговоров.",
    "en": "The Defense Department said the new package includes armored vehicles and artillery ammunition, "
          "and that deliveries would begin next month.",
    "de": "Das Verteidigungsministerium teilte mit, dass das neue Paket gepanzerte Fahrzeuge und Munition "
          "umfasst und die Lieferungen im nächsten Monat beginnen.",
    "fr": "Le ministère de la Défense a indiqué que le nouveau paquet comprend des véhicules blindés et des "
          "munitions, et que les livraisons commenceront le mois prochain.",
    "pl": "Ministerstwo Obrony poinformowało, że nowy pakiet obejmuje pojazdy opancerzone i amunicję, "
          "a dostawy rozpoczną się w przyszłym miesiącu.",
    "es": "El Ministerio de Defensa informó de que el nuevo paquete incluye vehículos blindados y munición, "
          "y que las entregas comenzarán el próximo mes.",
    "pt": "O Ministério da Defesa informou que o novo pacote inclui veículos blindados e munições, e que as "
          "entregas começarão no próximo mês.",
    "nl": "Het ministerie van Defensie meldde dat het nieuwe pakket gepantserde voertuigen en munitie "
          "omvat en dat de leveringen volgende maand beginnen.",
    "it": "Il ministero della Difesa ha comunicato che il nuovo pacchetto comprende veicoli blindati e "
          "munizioni, e che le consegne inizieranno il mese prossimo.",
}

SHORT_CYRILLIC = [
    ("bg", "Украйна получи и безвъзмездна помощ от САЩ в размер на 1,35 млрд. долара."),
    ("uk", "Україна отримала 425 млн доларів допомоги від США."),
    ("ru", "Украина получила помощь от США на сумму 1,35 млрд долларов."),
    ("bg", "Пентагонът обяви нов пакет за Украйна."),
    ("uk", "Пентагон оголосив новий пакет для України."),
    ("ru", "Пентагон объявил новый пакет для Украины."),
]


@pytest.mark.parametrize("lang", sorted(PARAGRAPHS))
def test_news_paragraphs(lang):
    assert detect(PARAGRAPHS[lang]) == lang


@pytest.mark.parametrize("lang,sentence", SHORT_CYRILLIC)
def test_bulgarian_ukrainian_russian_single_sentences(lang, sentence):
    assert detect(sentence) == lang


def test_text_without_letters_falls_back_to_the_default():
    assert detect("12 345 — 67", default="en") == "en"


def test_short_texts_of_every_language_are_identified_quickly_and_lightly():
    """Headlines and single sentences of our own (tests/language/short_texts.yaml): at least 95%
    right, each within 50 ms once the detector is up, in a process that stays small."""
    import subprocess
    import sys
    import time

    import yaml
    from conftest import ROOT

    table = yaml.safe_load((ROOT / "tests" / "language" / "short_texts.yaml").read_text(encoding="utf-8"))
    detect("warm up the models of both scripts")
    detect("и на двете писменности")
    right, slowest, total = 0, 0.0, 0
    for lang, texts in table.items():
        for text in texts:
            assert 20 <= len(text) <= 200, text
            started = time.perf_counter()
            right += detect(text) == lang
            slowest = max(slowest, time.perf_counter() - started)
            total += 1
    assert total >= 100 and set(table) == set(LANGUAGES)
    assert right / total >= 0.95, f"{right}/{total}"
    assert slowest < 0.05, slowest
    code = ("from aidextract.language import detect; detect('The US will send Ukraine 10 HIMARS.'); "  # VmHWM: the peak since exec
            "print(next(l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')))")
    peak_kib = int(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
    assert peak_kib < 100 * 1024, f"{peak_kib} KiB: the full-accuracy models (300 MB) must not load for a short text"


@pytest.mark.parametrize("text, lang", [
    ("Нова допомога включає дрони, радари та запчастини.", "uk"),   # ї/є/і: Ukrainian letters
    ("Объявлен новый пакет помощи.", "ru"),                           # ы: Russian
    ("Київ отримав нові системи, пише видання.", "uk"),
])
def test_letters_only_one_language_writes_decide(text, lang):
    assert detect(text) == lang
