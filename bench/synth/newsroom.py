"""Whole synthetic articles: agency, date, news code, topic, headline, lead, body, house style.

Article ``i`` of a corpus depends only on (seed, i), never on the articles before it, so a
corpus of 1,000 is the first 1,000 of a corpus of 100,000 and generation can stream (or be
split across processes) without changing a byte.
"""

from __future__ import annotations

from bisect import bisect
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from math import log
from random import Random
from zoneinfo import ZoneInfo

import jdatetime

from bench.synth.lexicon import Lexicon, zipf_cumulative
from bench.synth.prose import ProseWriter, Topic, fit_words
from bench.synth.style import HouseStyle, apply_style, pick_style
from searcher.article import Article

TEHRAN = ZoneInfo("Asia/Tehran")
FIRST_YEAR, LAST_YEAR = 1395, 1403
TOPIC_COUNT = 500
TOPIC_WORDS = 24
TOPIC_PHRASES = 6

# Body size in UTF-8 bytes is lognormal; with the page around it the median article file is
# ~2.5 KB and the longest are just under 30 KB.
BODY_MEDIAN_BYTES = 1300
BODY_SIGMA = 0.75
BODY_MAX_BYTES = 27_000
BODY_MIN_BYTES = 300

# News codes are a bijection of the article number onto 7-digit numbers: unique within a
# corpus (so no two articles collapse as duplicates) yet not sequential.
_CODE_SPAN = 9_000_000
_CODE_STEP = 7_368_787  # coprime with _CODE_SPAN


@dataclass(frozen=True, slots=True)
class Agency:
    """A news agency: the short name for «منبع:», the name used in «به گزارش ...», a URL slug."""

    short: str
    full: str
    slug: str


AGENCIES = (
    Agency("ایرنا", "خبرگزاری جمهوری اسلامی", "irna"),
    Agency("ایسنا", "خبرگزاری دانشجویان ایران", "isna"),
    Agency("مهر", "خبرگزاری مهر", "mehr"),
    Agency("فارس", "خبرگزاری فارس", "fars"),
    Agency("تسنیم", "خبرگزاری تسنیم", "tasnim"),
    Agency("ایلنا", "خبرگزاری کار ایران", "ilna"),
    Agency("باشگاه خبرنگاران جوان", "باشگاه خبرنگاران جوان", "yjc"),
    Agency("خبرآنلاین", "پایگاه خبری خبرآنلاین", "khabaronline"),
    Agency("همشهری آنلاین", "همشهری آنلاین", "hamshahri"),
    Agency("عصر ایران", "پایگاه خبری عصر ایران", "asriran"),
    Agency("دنیای اقتصاد", "روزنامه دنیای اقتصاد", "donya-e-eqtesad"),
    Agency("انتخاب", "پایگاه خبری انتخاب", "entekhab"),
)
CATEGORIES = ("سیاسی", "اقتصادی", "اجتماعی", "فرهنگی", "ورزشی", "بین‌الملل", "علمی", "حوادث",
              "استان‌ها")
CITIES = ("تهران", "مشهد", "اصفهان", "شیراز", "تبریز", "یزد", "کرمان", "اهواز", "رشت", "ساری",
          "همدان", "کرمانشاه", "ارومیه", "زاهدان", "بندرعباس", "قم", "سنندج", "گرگان")
WEEKDAYS = ("دوشنبه", "سه‌شنبه", "چهارشنبه", "پنجشنبه", "جمعه", "شنبه", "یکشنبه")  # date.weekday()
SURTITLE_ENDINGS = ("خبر داد:", "مطرح کرد:", "تاکید کرد:", "عنوان کرد:", ":", "اعلام کرد:")
_AGENCY_CUM = zipf_cumulative(len(AGENCIES), 0.7, 1.0)
_TOPIC_CUM = zipf_cumulative(TOPIC_COUNT, 0.8, 5.0)
# Newsrooms publish from early morning to late evening, most around midday.
_HOUR_CUM = tuple(accumulate((0, 0, 0, 0, 0, 0, 0, 2, 5, 8, 9, 9,
                              8, 7, 7, 6, 5, 4, 3, 3, 2, 2, 1, 1)))


@dataclass(frozen=True, slots=True)
class SynthArticle:
    """An article plus what only its saved page shows: view counter, end code, house style."""

    number: int
    article: Article
    style: HouseStyle
    counter: int
    end_code: int
    has_counter: bool
    has_comment_form: bool


class CorpusSpec:
    """What fixes a corpus: the seed and the lexicon it samples from (topics cached here)."""

    def __init__(self, seed: int, lexicon: Lexicon) -> None:
        self.seed = seed
        self.lexicon = lexicon
        self.code_offset = Random(f"{seed}:codes").randrange(_CODE_SPAN)
        self._topics: dict[int, Topic] = {}

    def topic(self, number: int) -> Topic:
        """Topic ``number``: a category, distinctive words and fixed phrases."""
        if number not in self._topics:
            self._topics[number] = _make_topic(Random(f"{self.seed}:topic:{number}"), self.lexicon)
        return self._topics[number]

    def pick_topic(self, rng: Random) -> Topic:
        """A topic by popularity: a few stories dominate, as in any news year."""
        return self.topic(_weighted_index(_TOPIC_CUM, rng))

    def news_code(self, number: int) -> str:
        """A 7-digit code unique to article ``number`` in this corpus."""
        return str(1_000_000 + (number * _CODE_STEP + self.code_offset) % _CODE_SPAN)


def _weighted_index(cumulative: tuple[float, ...], rng: Random) -> int:
    return bisect(cumulative, rng.random() * cumulative[-1])


@lru_cache(maxsize=1)
def _date_range() -> tuple[date, int]:
    first = jdatetime.date(FIRST_YEAR, 1, 1).togregorian()
    after = jdatetime.date(LAST_YEAR + 1, 1, 1).togregorian()
    return first, (after - first).days


def _make_topic(rng: Random, lexicon: Lexicon) -> Topic:
    content = lexicon.content
    words: list[str] = []
    while len(words) < TOPIC_WORDS:
        index = content.draw_index(rng)
        # The commonest words belong to every topic; skip them so topics stay distinctive.
        if index >= 40 and content.items[index] not in words:
            words.append(content.items[index])
    phrases = tuple(f"{words[rng.randrange(TOPIC_WORDS)]} {words[rng.randrange(TOPIC_WORDS)]}"
                    + (f" {content.draw(rng)}" if rng.random() < 0.3 else "")
                    for _ in range(TOPIC_PHRASES))
    return Topic(CATEGORIES[rng.randrange(len(CATEGORIES))], tuple(words), phrases)


def _published(rng: Random) -> datetime:
    first, days = _date_range()
    day = first + timedelta(days=rng.randrange(days))
    hour = _weighted_index(_HOUR_CUM, rng)
    return datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=TEHRAN)


def _surtitle(writer: ProseWriter, rng: Random) -> str:
    if rng.random() < 0.5:
        return f"{writer.speaker()} {SURTITLE_ENDINGS[rng.randrange(len(SURTITLE_ENDINGS))]}"
    return " ".join(writer.words(rng.randint(3, 7), stop_share=0.25))


def _title(writer: ProseWriter, rng: Random) -> str:
    count = rng.randint(6, 14)
    head = " ".join([writer.topic_unit(), *writer.words(count, stop_share=0.22)])
    tail = writer.verb() if rng.random() < 0.5 else writer.content_word()
    return fit_words(head, tail, count) + ("؟" if rng.random() < 0.04 else "")


def _lead(writer: ProseWriter, rng: Random, published: datetime) -> str:
    count = rng.randint(25, 50)
    if rng.random() < 0.4:
        weekday = WEEKDAYS[published.weekday()]
        city = CITIES[rng.randrange(len(CITIES))]
        head = f"{writer.speaker()} امروز ({weekday}) در {city} گفت:"
        return f"{head} {writer.sentence(max(8, count - len(head.split())))}"
    first = rng.randint(12, count - 10)
    return f"{writer.sentence(first)} {writer.sentence(count - first)}"


def _body(writer: ProseWriter, rng: Random, agency: Agency, topic: Topic) -> str:
    size = int(rng.lognormvariate(log(BODY_MEDIAN_BYTES), BODY_SIGMA))
    size = min(BODY_MAX_BYTES, max(BODY_MIN_BYTES, size))
    paragraphs = min(10, max(3, round(1 + size / 400 + rng.gauss(0, 1))))
    attribution = (f"«{agency.full}»" if rng.random() < 0.5
                   else f"خبرنگار {topic.category} {agency.short}")
    budgets = [size / paragraphs * (0.6 + 0.8 * rng.random()) for _ in range(paragraphs)]
    return "\n".join(
        writer.paragraph(int(budget), opening=f"به گزارش {attribution}، " if i == 0 else "")
        for i, budget in enumerate(budgets))


def synth_article(spec: CorpusSpec, number: int) -> SynthArticle:
    """Article ``number`` of the corpus ``spec``: same arguments, same article, byte for byte."""
    rng = Random(f"{spec.seed}:article:{number}")
    agency = AGENCIES[_weighted_index(_AGENCY_CUM, rng)]
    published = _published(rng)
    topic = spec.pick_topic(rng)
    style = pick_style(rng)
    writer = ProseWriter(spec.lexicon, rng, topic)
    surtitle = _surtitle(writer, rng) if rng.random() < 0.55 else ""
    title = _title(writer, rng)
    lead = _lead(writer, rng, published)
    body = _body(writer, rng, agency, topic)
    code = spec.news_code(number)
    tags = (topic.category, *topic.words[: rng.randint(1, 3)])
    article = Article(
        id=f"syn-{number:07d}",
        title=apply_style(title, style, rng),
        surtitle=apply_style(surtitle, style, rng),
        lead=apply_style(lead, style, rng),
        body=apply_style(body, style, rng),
        source=agency.short,
        published=published,
        news_code=code,
        url=f"https://{agency.slug}.example/news/{code}",
        tags=tags,
    )
    return SynthArticle(
        number=number, article=article, style=style,
        counter=int(rng.lognormvariate(log(30), 1.5)),
        end_code=rng.randrange(100, 1000),
        has_counter=rng.random() < 0.95,
        has_comment_form=rng.random() < 0.92,
    )
