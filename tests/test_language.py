"""Language identification: the ten supported languages, and no Cyrillic confusion."""

from __future__ import annotations

import pytest

from aidextract.language import detect

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
