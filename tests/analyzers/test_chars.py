"""Character folding: same-length FOLD for offsets, TERM for a token's indexable spelling."""

from __future__ import annotations

import pytest

from analyzers import fold
from analyzers.chars import FOLD, IGNORABLE, TERM, term_form

FOLD_CASES = [
    # (original, folded, reason)
    ("علي", "علی", "Arabic yeh ي is Persian ی"),
    ("مصطفى", "مصطفی", "alef maqsura ى is ی"),
    ("کراچے", "کراچی", "yeh barree ے (Urdu keyboards) is ی"),
    ("پائیز", "پاییز", "yeh with hamza ئ is ی, so پائیز and پاییز meet"),
    ("بانك", "بانک", "Arabic kaf ك is Persian ک"),
    ("مدرسة", "مدرسه", "teh marbuta ة is ه"),
    ("خانۀ", "خانه", "heh with yeh above ۀ (ezafe) is ه"),
    ("أحمد", "احمد", "alef with hamza above أ is ا"),
    ("إسلام", "اسلام", "alef with hamza below إ is ا"),
    ("ٱلله", "الله", "alef wasla ٱ is ا"),
    ("آب", "اب", "alef madda آ is ا: readers type اب for آب"),
    ("مؤسسه", "موسسه", "waw with hamza ؤ is و"),
    ("۱۴۰۲", "1402", "Persian digits are ASCII"),
    ("١٤٠٢", "1402", "Arabic-Indic digits are ASCII"),
    ("۵۰٫۵", "50.5", "Arabic decimal separator ٫ is ."),
    ("۱۲٬۵۰۰", "12,500", "Arabic thousands separator ٬ is ,"),
    ("ﻻ", "ﻻ", "a ligature expands to two letters, so FOLD leaves it to TERM"),
    ("ﺑ", "ب", "an initial presentation form is its letter"),
    ("ＵＮ", "UN", "fullwidth Latin is ASCII"),
    ("کتاب\u200cها", "کتاب\u200cها", "ZWNJ is spelling, never folded away"),
    ("کَتاب", "کَتاب", "diacritics are dropped by TERM inside tokens, not by FOLD"),
]


@pytest.mark.parametrize(("original", "folded", "reason"), FOLD_CASES)
def test_fold(original: str, folded: str, reason: str) -> None:
    assert fold(original) == folded, reason


def test_fold_keeps_every_offset_of_a_news_sentence() -> None:
    text = "به گزارش ايرنا، بانك مركزي نرخ تورم سال ۱۴۰۲ را ۴۰٫۷ درصد اعلام كرد."
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded[text.index("بانك"):][:4] == "بانک"


def test_fold_table_maps_one_character_to_one() -> None:
    assert all(len(target) == 1 for target in FOLD.values())
    assert not set(IGNORABLE) & {chr(code) for code in FOLD}


TERM_CASES = [
    # (surface, term, reason)
    ("کَرد", "کرد", "fatha dropped"),
    ("دانشمَندان", "دانشمندان", "a diacritic mid-word"),
    ("مُحَمَّد", "محمد", "damma, fatha and shadda dropped"),
    ("علیٰ", "علی", "superscript alef dropped"),
    ("کـــتـــاب", "کتاب", "tatweel (kashida) for justification dropped"),
    ("تهر\u200dان", "تهران", "ZWJ dropped"),
    ("تهر\u200bان", "تهران", "ZWSP dropped"),
    ("\u200eایران\u200f", "ایران", "LRM and RLM dropped"),
    ("ای\u061cران", "ایران", "Arabic letter mark (ALM) dropped"),
    ("\ufeffخبر", "خبر", "BOM (ZWNBSP) dropped"),
    ("خبر\u00adگزاری", "خبرگزاری", "soft hyphen dropped"),
    ("\u202bمجلس\u202c", "مجلس", "RLE and PDF dropped"),
    ("\u2067مجلس\u2069", "مجلس", "RLI and PDI dropped"),
    ("ﻻریجانی", "لاریجانی", "lam-alef ligature ﻻ expands to لا"),
    ("ﷲ", "الله", "the Allah ligature ﷲ expands to الله"),
    ("ﻛﺘﺎﺏ", "کتاب", "presentation forms of ک ت ا ب"),
    ("ＩＲＮＡ", "irna", "fullwidth Latin folded and lowercased"),
    ("Reuters", "reuters", "Latin lowercased"),
    ("مي\u200cروم", "می\u200cروم", "ZWNJ survives TERM; the tokenizer decides what it means"),
]


@pytest.mark.parametrize(("surface", "term", "reason"), TERM_CASES)
def test_term_form(surface: str, term: str, reason: str) -> None:
    assert term_form(surface) == term, reason


def test_term_table_drops_every_ignorable_mark() -> None:
    assert all(TERM[ord(mark)] is None for mark in IGNORABLE)


CACHED_TABLES = """
import json, sys
from analyzers import chars
built = chars._build_tables()
print(json.dumps({"same": (chars.FOLD, chars.TERM, chars.LETTERS) == (
                      built[0], built[1], frozenset(map(chr, chars._letter_codes(built[1])))),
                  "built": chars._TABLES_BUILT, "entries": len(chars.TERM)}))
"""


def test_the_tables_are_built_once_then_read_from_the_cache(tmp_path) -> None:
    """Building them (NFKC over the presentation forms) was a tenth of the analyzer's start-up;
    the second process reads what the first built, and both hold the same tables."""
    import json
    import os
    import subprocess
    import sys

    env = dict(os.environ, KHABAR_CACHE_DIR=str(tmp_path))
    runs = [json.loads(subprocess.run([sys.executable, "-c", CACHED_TABLES], env=env,
                                      capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    assert [run["built"] for run in runs] == [True, False]
    assert all(run["same"] and run["entries"] > 900 for run in runs)
