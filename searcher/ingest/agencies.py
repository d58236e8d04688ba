"""Canonical agency names: ایرنا, ايرنا, IRNA and «خبرگزاری جمهوری اسلامی ایران» are one outlet.

:func:`canonical_agency` is the one function every part of khabar asks (facets, ``--source``,
``stats``, the source shown beside a hit, the HTML parser's domain mapping); the stored article
keeps the spelling its file used. A name is folded (Arabic ي ك → ی ک, digits, ZWNJ and spaces,
Latin case) and looked up in :data:`OUTLETS`, a table written for khabar of the major Iranian and
Persian-language outlets; an outlet not in the table keeps its folded spelling, so two spellings
of it still meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

from analyzers.chars import fold

# canonical name → (aliases in Persian or Latin script, web domains). The canonical name is the
# short form the outlet signs its reports with («به گزارش ایرنا»).
OUTLETS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "ایرنا": (("خبرگزاری جمهوری اسلامی ایران", "خبرگزاری جمهوری اسلامی", "IRNA",
               "Islamic Republic News Agency"), ("irna.ir",)),
    "ایسنا": (("خبرگزاری دانشجویان ایران", "ISNA", "Iranian Students News Agency"),
              ("isna.ir",)),
    "فارس": (("خبرگزاری فارس", "Fars", "Fars News", "Fars News Agency"),
             ("farsnews.ir", "farsnews.com")),
    "مهر": (("خبرگزاری مهر", "Mehr", "Mehr News", "Mehr News Agency"), ("mehrnews.com",)),
    "تسنیم": (("خبرگزاری تسنیم", "Tasnim", "Tasnim News", "Tasnim News Agency"),
              ("tasnimnews.com",)),
    "همشهری": (("همشهری آنلاین", "روزنامه همشهری", "Hamshahri", "Hamshahri Online"),
               ("hamshahrionline.ir", "hamshahri.org")),
    "خبرآنلاین": (("خبر آنلاین", "پایگاه خبری خبرآنلاین", "Khabar Online", "KhabarOnline"),
                  ("khabaronline.ir",)),
    "ایلنا": (("خبرگزاری کار ایران", "ILNA", "Iranian Labour News Agency"), ("ilna.ir",
                                                                            "ilna.news")),
    "برنا": (("خبرگزاری برنا", "Borna", "Borna News"), ("borna.news",)),
    "باشگاه خبرنگاران جوان": (("باشگاه خبرنگاران", "YJC", "Young Journalists Club"),
                               ("yjc.ir", "yjc.news")),
    "صدا و سیما": (("صداوسیما", "خبرگزاری صدا و سیما", "خبرگزاری صدا و سیمای جمهوری اسلامی ایران",
                    "صدا و سیمای جمهوری اسلامی ایران", "واحد مرکزی خبر", "IRIB",
                    "IRIB News"), ("iribnews.ir", "irib.ir")),
    "ایران‌اینترنشنال": (("ایران اینترنشنال", "Iran International", "Iran Intl"),
                         ("iranintl.com",)),
    "بی‌بی‌سی فارسی": (("بی‌بی‌سی", "BBC Persian", "BBC Farsi"), ("bbc.com/persian",
                                                                  "bbc.co.uk/persian")),
    "رادیو فردا": (("Radio Farda",), ("radiofarda.com",)),
    "دویچه وله": (("دویچه وله فارسی", "DW", "DW Persian", "Deutsche Welle"),
                  ("dw.com/fa-ir",)),
    "یورونیوز": (("یورونیوز فارسی", "Euronews", "Euronews Persian"),
                 ("parsi.euronews.com", "euronews.com/persian")),
    "شرق": (("روزنامه شرق", "Shargh", "Shargh Daily"), ("sharghdaily.com",)),
    "اعتماد": (("روزنامه اعتماد", "Etemad"), ("etemadonline.com", "etemadnewspaper.ir")),
    "کیهان": (("روزنامه کیهان", "Kayhan", "Keyhan"), ("kayhan.ir",)),
    "دنیای اقتصاد": (("روزنامه دنیای اقتصاد", "Donya-e-Eqtesad", "Donya e Eqtesad"),
                     ("donya-e-eqtesad.com", "den.ir")),
    "ورزش۳": (("ورزش سه", "Varzesh3"), ("varzesh3.com",)),
    "عصر ایران": (("پایگاه خبری عصر ایران", "Asr Iran", "Asriran"), ("asriran.com",)),
    "انتخاب": (("پایگاه خبری انتخاب", "Entekhab"), ("entekhab.ir",)),
    "تابناک": (("پایگاه خبری تابناک", "Tabnak"), ("tabnak.ir",)),
    "ایران": (("روزنامه ایران", "Iran Newspaper"), ("irannewspaper.ir",)),
    "جام جم": (("روزنامه جام جم", "Jam-e Jam", "Jamejam"), ("jamejamonline.ir",)),
    "اطلاعات": (("روزنامه اطلاعات", "Ettelaat"), ("ettelaat.com",)),
    "آفتاب": (("آفتاب نیوز", "Aftab News"), ("aftabnews.ir",)),
    "شبستان": (("خبرگزاری شبستان", "Shabestan"), ("shabestan.ir",)),
    "ایکنا": (("خبرگزاری بین‌المللی قرآن", "IQNA"), ("iqna.ir",)),
    "سپید": (("Sepid",), ()),
    "صدای آمریکا": (("صدای آمریکا فارسی", "VOA", "VOA Persian", "Voice of America"),
                    ("ir.voanews.com", "voanews.com/persian")),
    "ایندیپندنت فارسی": (("Independent Persian",), ("independentpersian.com",)),
    "زیتون": (("Zeitoon",), ("zeitoons.com",)),
}

# Words in front of a name that do not change the outlet: «خبرگزاری ایسنا» is ایسنا.
_PREFIXES = ("خبرگزاری", "روزنامه", "پایگاه خبری", "پایگاه خبری تحلیلی", "سایت", "شبکه")
_SUFFIX_WORDS = ("فارسی",)  # «یورونیوز فارسی»: the Persian service of a known outlet
_LATIN_NOISE = re.compile(r"[\s\-_.'’]+")
_URL_HEAD = re.compile(r"^(?:[a-z][a-z0-9+.\-]*://)?(?:www\.)?", re.IGNORECASE)


def _key(name: str) -> str:
    """The comparison form: folded letters and digits, no ZWNJ or space differences, lower case.

    «ورزش سه» keeps its word; «ورزش3» and «ورزش۳» meet through digit folding.
    """
    folded = fold(name).replace("\u200c", " ").lower()
    return _LATIN_NOISE.sub("", folded)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, str], list[tuple[str, str]]]:
    by_key: dict[str, str] = {}
    domains: list[tuple[str, str]] = []
    for canonical, (aliases, sites) in OUTLETS.items():
        for alias in (canonical, *aliases):
            by_key[_key(alias)] = canonical
        for site in sites:
            by_key[_key(site)] = canonical
            domains.append((site.lower(), canonical))
    # The longest site first, so «bbc.com/persian» wins over a shorter rule for the same host.
    domains.sort(key=lambda pair: -len(pair[0]))
    return by_key, domains


def _spelling(name: str) -> str:
    """An unknown outlet's name as shown: folded letters, single spaces, ZWNJ kept."""
    return " ".join(fold(name).split())


def canonical_agency(source: str) -> str:
    """The canonical name of the outlet ``source`` names; the folded spelling if unknown.

    >>> canonical_agency("ايرنا"), canonical_agency("IRNA"), canonical_agency("خبرگزاری مهر")
    ('ایرنا', 'ایرنا', 'مهر')
    """
    name = source.strip()
    if not name:
        return ""
    return _canonical(name)


@lru_cache(maxsize=4096)
def _canonical(name: str) -> str:
    by_key, _ = _tables()
    found = by_key.get(_key(name))
    if found:
        return found
    if "/" in name or "." in name:
        found = agency_of_domain(name)
        if found:
            return found
    words = _spelling(name)
    for prefix in _PREFIXES:  # «خبرگزاری ایسنا», «روزنامه شرق»
        if words.startswith(prefix + " "):
            found = by_key.get(_key(words[len(prefix) + 1:]))
            if found:
                return found
    for suffix in _SUFFIX_WORDS:
        if words.endswith(" " + suffix):
            found = by_key.get(_key(words[: -len(suffix) - 1]))
            if found:
                return found
    return words


def agency_of_domain(url_or_domain: str) -> str | None:
    """The outlet a web address belongs to (``www.irna.ir``, ``https://bbc.com/persian/…``).

    A host matches a listed site or any subdomain of it; a site with a path (``bbc.com/persian``)
    matches only under that path. None for an address of no listed outlet.
    """
    address = _URL_HEAD.sub("", url_or_domain.strip().lower())
    host, _, path = address.partition("/")
    host = host.split(":")[0]
    _, domains = _tables()
    for site, canonical in domains:
        site_host, _, site_path = site.partition("/")
        if host != site_host and not host.endswith("." + site_host):
            continue
        if site_path and not (path == site_path or path.startswith(site_path + "/")):
            continue
        return canonical
    return None
