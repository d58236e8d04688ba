"""Agency names: every spelling of one outlet folds to one canonical name."""

from __future__ import annotations

import pytest

from searcher.ingest.agencies import agency_of_domain, canonical_agency

# (as written in a file, canonical name, why)
SPELLINGS = [
    ("ایرنا", "ایرنا", "the canonical name itself"),
    ("ايرنا", "ایرنا", "Arabic yeh from old agency software"),
    ("IRNA", "ایرنا", "the Latin acronym"),
    ("irna", "ایرنا", "Latin, lower case"),
    ("خبرگزاری جمهوری اسلامی ایران", "ایرنا", "the full name"),
    ("خبرگزاری جمهوری اسلامی", "ایرنا", "the full name without ایران"),
    ("  ایرنا  ", "ایرنا", "stray spaces"),
    ("www.irna.ir", "ایرنا", "the domain"),
    ("https://www.irna.ir/news/85012345/", "ایرنا", "a URL"),
    ("خبرگزاری ایسنا", "ایسنا", "the word خبرگزاری before the name"),
    ("ISNA", "ایسنا", "Latin"),
    ("خبرگزاري دانشجويان ايران", "ایسنا", "full name, Arabic yeh"),
    ("فارس", "فارس", "short name"),
    ("Fars News Agency", "فارس", "English name"),
    ("خبرگزاری مهر", "مهر", "with خبرگزاری"),
    ("Mehr News", "مهر", "English"),
    ("تسنیم", "تسنیم", "short"),
    ("Tasnim", "تسنیم", "Latin"),
    ("همشهری آنلاین", "همشهری", "the online edition"),
    ("روزنامه همشهری", "همشهری", "the paper"),
    ("خبر آنلاین", "خبرآنلاین", "a space where none belongs"),
    ("خبرآنلاين", "خبرآنلاین", "Arabic yeh"),
    ("Khabar Online", "خبرآنلاین", "Latin"),
    ("ایلنا", "ایلنا", "short"),
    ("برنا", "برنا", "short"),
    ("باشگاه خبرنگاران جوان", "باشگاه خبرنگاران جوان", "full"),
    ("YJC", "باشگاه خبرنگاران جوان", "acronym"),
    ("IRIB", "صدا و سیما", "acronym"),
    ("خبرگزاری صدا و سیما", "صدا و سیما", "the news agency of the broadcaster"),
    ("ایران اینترنشنال", "ایران‌اینترنشنال", "a space for the ZWNJ"),
    ("Iran International", "ایران‌اینترنشنال", "English"),
    ("بی بی سی فارسی", "بی‌بی‌سی فارسی", "spaces for ZWNJs"),
    ("BBC Persian", "بی‌بی‌سی فارسی", "English"),
    ("bbc.com/persian", "بی‌بی‌سی فارسی", "domain with a path"),
    ("رادیو فردا", "رادیو فردا", "short"),
    ("Radio Farda", "رادیو فردا", "Latin"),
    ("دویچه وله فارسی", "دویچه وله", "the Persian service"),
    ("DW", "دویچه وله", "acronym"),
    ("یورونیوز فارسی", "یورونیوز", "the Persian service"),
    ("روزنامه شرق", "شرق", "the paper"),
    ("روزنامه اعتماد", "اعتماد", "the paper"),
    ("کیهان", "کیهان", "short"),
    ("دنیای‌اقتصاد", "دنیای اقتصاد", "a ZWNJ for the space"),
    ("Donya-e-Eqtesad", "دنیای اقتصاد", "Latin transliteration"),
    ("ورزش سه", "ورزش۳", "the digit spelled out"),
    ("ورزش3", "ورزش۳", "ASCII digit"),
    ("varzesh3.com", "ورزش۳", "domain"),
]


@pytest.mark.parametrize(("written", "canonical", "why"), SPELLINGS,
                         ids=[row[2] for row in SPELLINGS])
def test_every_spelling_of_an_outlet_folds_to_its_canonical_name(
        written: str, canonical: str, why: str) -> None:
    assert canonical_agency(written) == canonical, why


@pytest.mark.parametrize(("written", "canonical"), [
    ("پایگاه خبری گیلان امروز", "پایگاه خبری گیلان امروز"),
    ("گيلان امروز", "گیلان امروز"),  # unknown: the folded spelling, letters Persian
    ("خبرگزاری   صبا", "خبرگزاری صبا"),  # unknown: spaces collapsed, words kept
])
def test_an_unknown_outlet_keeps_its_folded_spelling(written: str, canonical: str) -> None:
    assert canonical_agency(written) == canonical


def test_two_spellings_of_an_unknown_outlet_meet() -> None:
    assert canonical_agency("گيلان امروز") == canonical_agency("گیلان‌امروز".replace("\u200c", " "))


def test_no_source_is_the_empty_name() -> None:
    assert canonical_agency("") == ""
    assert canonical_agency("   ") == ""


@pytest.mark.parametrize(("domain", "canonical"), [
    ("irna.ir", "ایرنا"),
    ("www.isna.ir", "ایسنا"),
    ("en.mehrnews.com", "مهر"),
    ("farsnews.ir", "فارس"),
    ("www.bbc.com", None),  # the BBC's main site is not its Persian service
    ("example.org", None),
])
def test_domains_map_to_agencies(domain: str, canonical: str | None) -> None:
    assert agency_of_domain(domain) == canonical
