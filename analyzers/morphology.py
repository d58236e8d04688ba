"""Persian morphology for indexing: a guarded stemmer, verb lemmas and stopword terms.

Input is a *joined* word (folded, ZWNJ removed, detached affixes already attached by the
tokenizer). Policy:

* Verbs: every conjugation of a hazm verb (می/نمی/ب/ن prefixes, personal endings, participles)
  and its infinitive map to its past stem: میروم, نمی‌رفتند, رفته‌اند, رفتن → رفت. An unprefixed
  form that is also a lexicon word keeps its noun reading (کند "blunt", رود "river").
* Nouns and adjectives: a suffix (plural, possessive, comparative, indefinite, ezafe) is removed
  only when what remains is a word hazm's lexicon tags, at least two letters long, and the word
  itself is neither in the lexicon nor a protected name. So کتاب‌هایش → کتاب, دانشجویان →
  دانشجو, بزرگ‌تر → بزرگ, while تهران and ایران (not تهر, ایر) keep their identity.
  Readings the lexicon accepts compete by its word counts; a plural under a possessive is tried
  only when the one-suffix reading is no word (آسمانی → آسمان, not آسم), and endings written
  with a glide alef (ای، اش، اند …) only after ه or ی (همتای → همتا, not همت).
* Stopwords: hazm's list, minus words that carry news content, run through this same morphology,
  so every spelling of a stopword is dropped and a content word is never dropped in one spelling
  and kept in another.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from analyzers import lexicon
from analyzers.diskcache import load_or_build
from analyzers.probe import ProbeTable

# Proper nouns whose ending looks like a suffix over another lexicon word
# (رئیسی → رئیس "head", پزشکیان → پزشک, سلیمانی → سلیمان, کرمان → کرم "worm").
PROTECTED_NAMES = frozenset(
    lexicon.join_form(w)
    for w in """
    تهران ایران کرمان کرمانشاه اصفهان گیلان زنجان سمنان همدان لرستان کردستان خوزستان
    گلستان مازندران خراسان سیستان بلوچستان هرمزگان آذربایجان اردبیل ایلام بوشهر یزد قم
    آبادان رفسنجان میناب شمیران لبنان یونان ژاپن آلمان عمان اردن پاکستان افغانستان
    ترکمنستان تاجیکستان عربستان انگلستان ارمنستان گرجستان کویت بحرین قطر سوریه عراق
    رئیسی روحانی خامنه‌ای پزشکیان قالیباف ظریف جلیلی لاریجانی هاشمی موسوی کروبی سلیمانی
    خاتمی احمدی‌نژاد رفسنجانی عراقچی اژه‌ای محسنی مخبر زاکانی نوبخت همتی جهانگیری
    """.split()
)

# Suffix → replacement; the result must be a lexicon word. Looked up by the word's last n
# letters, longest n first, instead of testing every suffix against every word.
_SUFFIXES = {
    "هایشان": "", "هایتان": "", "هایمان": "", "هایش": "", "هایت": "",
    "هایم": "", "هایی": "", "های": "", "هارو": "", "ها": "",
    "ترین": "", "تری": "", "تر": "",
    "یان": "", "گان": "ه", "ان": "", "ات": "",
    "شان": "", "تان": "", "مان": "", "اش": "",
    "اند": "", "ایم": "", "اید": "", "ای": "", "یی": "",
    "ی": "", "ش": "", "م": "", "ت": "",
}
# Suffix lengths to try, longest first, by the letter a word ends in: most words end in a
# letter no suffix ends in and skip the loop.
_LENGTHS_BY_LAST: dict[str, tuple[int, ...]] = {
    last: tuple(sorted({len(s) for s in _SUFFIXES if s[-1] == last}, reverse=True))
    for last in {suffix[-1] for suffix in _SUFFIXES}
}
# Endings written with a glide alef, which only a word ending in a vowel ه or ی takes
# (خانه‌ای، کشتی‌اش، رفته‌اند); after ا the ezafe is ی: همتای is همتا + ی, not همت + ای.
_AFTER_VOWEL = frozenset({"ای", "اش", "اند", "ایم", "اید"})
# Plural endings that may sit under a possessive: دانشجویانش → دانشجویان → دانشجو.
_INNER = ("ها", "یان", "گان", "ان", "ات")
_MIN_STEM = 2
# A function word takes no comparative: اینتر (Inter Milan) is not این + تر.
_COMPARATIVES = frozenset({"تر", "ترین", "تری"})

# hazm stopwords that are content words in news (a reader searches for «نشست» or «رشد»), whose
# stem is one (سال‌های → سال), or verbs with meaning of their own (رفتن، دانستن، رسیدن، گرفتن،
# داشتن، دادن، آوردن، یافتن: «چه کسانی بسته حمایتی نمی‌گیرند؟» asks about the verb). Only the
# light verbs کردن and شدن stay stopwords: their compounds keep the noun (کمک کرد → کمک).
KEEP = frozenset(
    lexicon.join_form(w)
    for w in """
    بزرگ جدید راه رشد تغییر خطر نشست متر سهم روش مهم عالی خوب خوبی کوچک بخش بخشی نظر
    اجرا تهیه تبدیل امکان نیاز پخش جریان روند سمت دهه نوع نوعی شخصی گروهی جمعی فردی کامل
    مناسب خاص جدی شروع بروز دسته زاده سال‌های سالهای حل تعیین جمع علت سعی فکر کنار مدت
    عدم طول افراد افرادی فرد کسی مورد وجود بیان پیدا قابل وارد رسیدن عهده روش نحوه
    رفت می‌رود دانست رسید می‌رسد گرفت داشت داد آورد یافت
    گذاری سازی برداری گیری ریزی بندی کننده کنندگان آوری
    """.split()
)

# Question words hazm's list lacks: a question's form, not its subject («پلاستیک چیه؟», «بعلبک
# کجاست؟»); an answer passage rarely contains them, so as terms they only reward articles that
# happen to ask. (کی stays: it also spells names, کی‌روش.)
QUESTION_WORDS = frozenset(
    lexicon.join_form(w)
    for w in "چیست چیه چی کجا کجاست چقدر چقدره چطور چطوری کدامند کدامین".split()
)

# Spoken function words, as people type questions into a search box (کدوم ورزش‌ها؟ فیفا
# چیکار می‌کنه؟): hazm's list has only their written forms (کدام، این را، برای، می‌کند), and
# unlisted they become terms — کدوم even stems to کدو, "pumpkin". کیا (a car maker) and کیه
# (کیه‌لینی, کیه‌وو) stay.
SPOKEN_FUNCTION_WORDS = frozenset(
    lexicon.join_form(w)
    for w in """
    کدوم کدوما کدومش کدومشون کدوماش واسه اینو اونو اون اونا اینا اونجا اینجوری اونجوری
    چجوری چیا کجاس چیکار چکار چندتا میکنه میکنن میکنی نمیکنه میشه نمیشه میشن بشه
    نشه داره دارن نداره ندارن هستن نیستن میگه میگن میده میدن میره میرن
    """.split()
)

_VERB_ENDINGS = ("م", "ی", "د", "یم", "ید", "ند")
_PAST_ENDINGS = ("م", "ی", "", "یم", "ید", "ند")
_PERFECT = ("", "ام", "ای", "است", "ایم", "اید", "اند")


@cache
def _verb_table() -> dict[str, str]:
    return load_or_build("verbs", lexicon.data_dir(), _build_verb_table)


@cache
def _verb_probe() -> ProbeTable[str]:
    """:func:`_verb_table` for a few lookups (:mod:`analyzers.probe`)."""
    packed = load_or_build("verbprobe", lexicon.data_dir(),
                           lambda: ProbeTable.pack(_verb_table().items()))
    return ProbeTable(packed, bytes.decode)


def _words() -> Mapping[str, int]:
    """hazm's words: probed in place while the analyzer has seen few words (a query and its
    snippets), the dict once it works in bulk (indexing; see _KNOWN_AFTER)."""
    return lexicon.words() if _in_bulk() else lexicon.word_probe()


def _verbs() -> Mapping[str, str]:
    """The verb-form table, probed or as a dict, as :func:`_words`."""
    return _verb_table() if _in_bulk() else _verb_probe()


def is_lexicon_word(word: str) -> bool:
    """True when ``word`` (folded, joined) is a word hazm's lexicon tags.

    >>> is_lexicon_word("تهران"), is_lexicon_word("تهرانها")
    (True, False)
    """
    return word in _words()


def _build_verb_table() -> dict[str, str]:
    lex = lexicon.words()
    table: dict[str, str] = {}

    def add(form: str, lemma: str, prefixed: bool) -> None:
        # A form that is also a noun or adjective keeps that reading (کند, رود, بستر, نشست);
        # only می/نمی forms are unambiguous verbs.
        if len(form) >= 3 and (prefixed or form not in lex):
            table.setdefault(form, lemma)

    for past, present in lexicon.verb_stems():
        glide = present[-1] in "اوی"
        for ending in _VERB_ENDINGS:
            # Second person singular without می (ریزی, بندی) reads as a noun in news text.
            unprefixed_ok = ending != "ی"
            forms = [present + ending]
            if glide and ending[0] != "ی":
                forms.append(present + "ی" + ending)
            for form in forms:
                for prefix in ("می", "نمی"):
                    add(prefix + form, past, True)
                if unprefixed_ok:
                    for prefix in ("", "ب", "ن"):
                        add(prefix + form, past, False)
        for ending in _PAST_ENDINGS:
            for prefix in ("می", "نمی"):
                add(prefix + past + ending, past, True)
            if ending != "ی":
                add(past + ending, past, False)
                add("ن" + past + ending, past, False)
        for ending in _PERFECT:
            add(past + "ه" + ending, past, False)
            add("ن" + past + "ه" + ending, past, False)
        for prefix in ("ب", "ن"):  # imperative and negative stem: برو، نرو
            add(prefix + present, past, False)
        # The infinitive meets its conjugations (شکافتن ↔ شکافت، می‌شکافد), though the lexicon
        # also lists it as a noun: the noun names the same act, so one term serves both. A
        # name that happens to look like one keeps its identity (اردن is Jordan).
        if past + "ن" not in PROTECTED_NAMES:
            add(past + "ن", past, True)
        add("ن" + past + "ن", past, False)
    return table


def stem(word: str) -> str:
    """Remove one inflectional suffix (or a possessive over a plural) when the lexicon agrees.

    >>> stem("کتابهایش"), stem("تهران"), stem("دانشجویان")
    ('کتاب', 'تهران', 'دانشجو')
    """
    lex = _words()
    size = len(word)
    if size <= _MIN_STEM or word in lex or word in PROTECTED_NAMES:
        return word
    # Of all readings the lexicon accepts, the most frequent base wins: سالهای is سال + های
    # rather than ساله + ای.
    best, best_count = word, -1
    for length in _LENGTHS_BY_LAST.get(word[-1], ()):
        replacement = _SUFFIXES.get(word[-length:]) if length < size else None
        if replacement is None:
            continue
        base = word[:-length] + replacement
        if (
            len(base) < _MIN_STEM
            or base in PROTECTED_NAMES
            or (word[-length:] in _COMPARATIVES and base in _function_words())
            or (base[-1] not in "هی" and word[-length:] in _AFTER_VOWEL)
        ):
            continue
        candidates = [base]
        # A possessive over a plural, only when the one-suffix reading is no word: آسمانی is
        # آسمان + ی, not اسم + ان + ی; مهمانی is not مهم.
        for inner in () if base in lex else _INNER:
            if base.endswith(inner) and len(base) - len(inner) >= _MIN_STEM:
                candidates.append(base[: -len(inner)] + ("ه" if inner == "گان" else ""))
        for candidate in candidates:
            count = lex.get(candidate, -1)
            if count > best_count or (count == best_count and len(candidate) > len(best)):
                best, best_count = candidate, count
    return best


@cache
def _function_words() -> frozenset[str]:
    """hazm's stopwords that stay stopwords (a content word like بزرگ takes تر)."""
    return frozenset(lexicon.raw_stopwords()) - KEEP


@cache
def stop_terms() -> frozenset[str]:
    """Terms khabar drops: hazm's stopwords (minus KEEP), QUESTION_WORDS and
    SPOKEN_FUNCTION_WORDS after this same morphology (cached on disk with the tables: working
    them out asks the lexicon about every stopword, a few milliseconds of each one-shot
    search)."""
    return frozenset(load_or_build("stopterms", lexicon.data_dir(), _build_stop_terms))


def _build_stop_terms() -> list[str]:
    terms = set(QUESTION_WORDS) | SPOKEN_FUNCTION_WORDS
    for word in lexicon.raw_stopwords():
        if word and word not in KEEP:
            terms.add(_lemma(word))
    return sorted(terms - {_lemma(w) for w in KEEP})


def is_function_word(word: str) -> bool:
    """True when ``word`` (folded, joined) is itself on the stopword list or a verb form: it
    was meant as typed even though it is not indexed.

    >>> is_function_word("میشود"), is_function_word("گذارش")
    (True, False)
    """
    return word in lexicon.raw_stopwords() or is_verb_form(word)


def is_verb_form(word: str) -> bool:
    """True when ``word`` (folded, joined) is a conjugated form in the verb table.

    >>> is_verb_form("نزاد"), is_verb_form("نژاد")
    (True, False)
    """
    return word in _verbs()


def _lemma(word: str) -> str:
    return _verbs().get(word) or stem(word)


VERB_PREFIXES = frozenset({"می", "نمی"})
_UNKNOWN = object()


# The term of every lexicon word and verb form, worked out in one go once a text has asked for
# enough words to pay for it (indexing); a one-shot query asks for a few hundred and is served
# word by word instead, which keeps start-up short.
_KNOWN: dict[str, str | None] | None = None
_KNOWN_AFTER = 4_000
_asked = 0


def _in_bulk() -> bool:
    return _KNOWN is not None or _asked >= _KNOWN_AFTER


def _known_terms() -> dict[str, str | None]:
    global _KNOWN
    if _KNOWN is None:
        stops = stop_terms()
        known: dict[str, str | None] = {w: None if w in stops else w for w in lexicon.words()}
        known.update({w: None if w in stops else w for w in PROTECTED_NAMES})
        known.update((form, None if lemma in stops else lemma)
                     for form, lemma in _verb_table().items())
        _KNOWN = known
    return _KNOWN


def _single_term(word: str) -> str | None:
    """What the known-terms table would say for ``word`` (and the stemmer beyond it)."""
    global _asked
    if word in SPOKEN_FUNCTION_WORDS:  # before the stemmer: کدوم is no کدو
        return None
    if _KNOWN is not None or _asked >= _KNOWN_AFTER:
        known = _known_terms().get(word, _UNKNOWN)
        if known is not _UNKNOWN:
            return known  # type: ignore[return-value]
        term = stem(word)  # every verb form is known
    else:
        _asked += 1
        term = _lemma(word)
    return None if term in stop_terms() else term


def is_word(word: str) -> bool:
    """Whether a joined word is in hazm's lexicon, as spelled, once a suffix is removed or as
    a verb's form (وطنان is وطن's plural, آمد a verb's; وکار is no word)."""
    words = _words()
    return word in words or stem(word) in words or word in _verbs()


def word_term(parts: tuple[str, ...]) -> str | None:
    """Index term for a word given as its parts, or None when it is a stopword.

    ``parts`` are the pieces the tokenizer attached (across ZWNJ or a space): a verbal prefix,
    a base, affixes. A known boundary settles readings that the joined spelling leaves open:
    («خانه», «ای») is خانه, while the solid خانهای needs the lexicon to choose.

    >>> word_term(("کتاب", "هایش")), word_term(("می", "روم")), word_term(("از",))
    ('کتاب', 'رفت', None)
    """
    if len(parts) == 1:
        return _single_term(parts[0])
    else:
        joined = "".join(parts)
        term = _verbs().get(joined)
        if term is None:
            if parts[0] not in VERB_PREFIXES:
                base = parts[0]
                term = base if base in _words() else stem(base)
            else:
                term = stem(joined)
    return None if term in stop_terms() else term
