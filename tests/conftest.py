"""Test-wide isolation and the article files every suite writes.

The analyzer's disk cache goes to a temporary folder, never the user's. The news pages below are
fictional news in the news-site format of sample_corpus/, written for these tests; each carries
a word no other page has (``markers``), so a test can ask the index whether a page's text is in
it. Tests take the pages and the writers as fixtures (``write_pages``, ``write_jsonl``, …).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from searcher.index.opened import OpenedIndex

os.environ.setdefault("KHABAR_CACHE_DIR", tempfile.mkdtemp(prefix="khabar-test-cache-"))

# bench/ is not an installed package; its tests and the fault suite import it from the root.
ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DAMS = """۱۲
مدیرعامل شرکت آب منطقه‌ای تهران خبر داد:

کاهش ذخایر سدهای تهران به ۲۸ درصد

حجم آب پشت سدهای پنج‌گانه تهران به کمتر از یک سوم ظرفیت رسیده و مدیرعامل شرکت آب منطقه‌ای از شهروندان خواست مصرف را کم کنند.
کد خبر: ۸۵۱۲۰۰۴۱
۱۰:۱۵ - ۳ مرداد ۱۴۰۲
به گزارش ایرنا، مدیرعامل شرکت آب منطقه‌ای تهران امروز در نشست خبری گفت: بارش‌های پاییز و زمستان گذشته نسبت به میانگین بلندمدت ۳۵ درصد کمتر بوده و ورودی سدهای لار، لتیان، امیرکبیر، طالقان و ماملو به پایین‌ترین حد ده سال اخیر رسیده است.
وی افزود: اگر الگوی مصرف در ماه‌های گرم تغییر نکند، فشار آب در ساعات اوج در برخی مناطق شمالی پایتخت کاهش خواهد یافت. به گفته او نصب کاهنده‌های مصرف در ادارات از هفته آینده آغاز می‌شود.
انتهای پیام
منبع: ایرنا
ارسال نظرات
نام:
ایمیل:
* نظر:
"""

KONKUR = """۷
رئیس سازمان سنجش:

نتایج اولیه کنکور سراسری اعلام شد

کارنامه اولیه داوطلبان آزمون سراسری از ساعت ۱۸ امروز روی سایت سازمان سنجش قرار می‌گیرد.
کد خبر: ۱۴۰۲۰۵۱۱۷۳
۰۸:۰۰ - ۱۶ مرداد ۱۴۰۲
به گزارش ایسنا، رئیس سازمان سنجش آموزش کشور گفت: امسال بیش از یک میلیون و ۲۰۰ هزار داوطلب در آزمون شرکت کردند و انتخاب رشته از یکشنبه آینده به مدت پنج روز انجام می‌شود.
وی با اشاره به سهم سوابق تحصیلی گفت: نمره‌های امتحانات نهایی پایه یازدهم و دوازدهم ۶۰ درصد در نتیجه نهایی اثر دارد و داوطلبان می‌توانند تا پایان هفته به نمرات خود اعتراض کنند.
انتهای پیام/ 213
منبع: ایسنا
"""

DERBY = """فوتبال ایران:

شهرآورد پایتخت بدون گل به پایان رسید

دیدار حساس دو تیم پرطرفدار تهران در ورزشگاه آزادی با نتیجه مساوی بدون گل تمام شد.
کد خبر: ۵۹۰۳۳۱۲
۲۱:۳۰ - ۲۹ مهر ۱۴۰۲
به گزارش خبرگزاری مهر، در هفته هفتم لیگ برتر فوتبال، دو تیم در نیمه نخست چند موقعیت خطرناک روی دروازه یکدیگر ساختند اما دروازه‌بانان با واکنش‌های دیدنی مانع گلزنی شدند.
در نیمه دوم داور بازی یک پنالتی را پس از بازبینی ویدئویی پس گرفت و هواداران تا دقایق پایانی منتظر گل ماندند. سرمربیان دو تیم پس از بازی از کیفیت چمن ورزشگاه انتقاد کردند.
انتهای پیام
منبع: مهر
"""

# Arabic ي and ك as older archives type them; the agency is ایرنا spelled with Arabic yeh.
METRO = """خط ۱۰ متروی تهران به بهره‌برداري مي‌رسد

معاون شهردار تهران گفت نخستين ايستگاه‌هاي خط ده مترو تا پايان سال آماده مي‌شود.
كد خبر: ۸۵۳۳۲۱۰۷
۱۴:۴۰ - ۸ آبان ۱۴۰۱
به گزارش ايرنا، معاون حمل و نقل شهرداري تهران در بازديد از كارگاه ايستگاه‌ها گفت: حفاری تونل اين خط از ميدان صنعت تا بزرگراه يادگار امام به طول هفت كيلومتر انجام شده و خريد واگن‌ها در دست پيگيري است.
انتهای پیام
منبع: ايرنا
"""

SAFFRON = """۳
صادرات زعفران در هفت ماه نخست سال ۱۸ درصد افزایش یافت

زعفران ایران به ۴۲ کشور جهان صادر شد و اسپانیا و امارات بزرگ‌ترین خریداران آن بودند.
کد خبر: ۲۹۱۸۴۴۵
۱۱:۲۰ - ۲ آذر ۱۴۰۲
به گزارش تسنیم، دبیر شورای ملی زعفران گفت: کشاورزان خراسان رضوی و جنوبی امسال با وجود خشکسالی محصول خوبی برداشت کردند و بسته‌بندی صادراتی با برند ایرانی رو به افزایش است.
وی خواستار راه‌اندازی بورس تخصصی زعفران شد تا قیمت پایه شفاف و نوسان بازار کمتر شود.
انتهای پیام
منبع: تسنیم
"""

# Plain text: no news code, no URL; its id comes from the file's path.
BOOKFAIR = """نمایشگاه بین‌المللی کتاب تهران با حضور ناشران خارجی گشایش یافت

سی‌وچهارمین نمایشگاه کتاب تهران امروز در مصلای امام خمینی با حضور بیش از دو هزار ناشر
داخلی و صدها ناشر خارجی آغاز به کار کرد و تا دو هفته دیگر میزبان کتاب‌دوستان است.

برگزارکنندگان می‌گویند فروش مجازی کتاب هم مانند سال گذشته از طریق سامانه نمایشگاه ادامه دارد
و کتابفروشی‌های شهرستان‌ها می‌توانند سفارش خود را برخط ثبت کنند.
"""

PAGES = {"dams.txt": DAMS, "konkur.txt": KONKUR, "derby.txt": DERBY, "metro.txt": METRO,
         "saffron.txt": SAFFRON, "bookfair.txt": BOOKFAIR}

# A word only that page has: finding it in the index means the page's text is there.
MARKERS = {"dams.txt": "ماملو", "konkur.txt": "کارنامه", "derby.txt": "پنالتی",
           "metro.txt": "تونل", "saffron.txt": "زعفران", "bookfair.txt": "ناشران"}

# A JSON crawl record: an id given in the input is kept as is.
CRAWL = [
    {"id": "crawl-0001", "headline": "بارش برف راه‌های کوهستانی مازندران را بست",
     "summary": "پلیس راه از مسافران خواست بدون زنجیر چرخ به جاده چالوس نروند.",
     "content": ["راهداران از نیمه‌شب با ده‌ها دستگاه برف‌روب مشغول بازگشایی گردنه‌ها هستند.",
                 "هواشناسی پیش‌بینی کرده بارش تا فردا عصر ادامه داشته باشد."],
     "agency": "ایسنا", "date": "1402-10-12T07:30:00+03:30",
     "link": "https://news.example/snow-chalus", "tags": ["راه", "برف"]},
    {"headline": "قیمت سکه در بازار تهران کاهش یافت",
     "content": "قیمت هر سکه تمام بهار آزادی طرح جدید امروز دو درصد ارزان‌تر معامله شد.",
     "agency": "خبرآنلاین", "date": "1402/09/20", "link": "https://news.example/gold-coin"},
]


def _write_pages(folder: Path, names: list[str] | None = None) -> dict[str, Path]:
    """Write the named pages (all of them by default) into ``folder``; their paths by name."""
    folder.mkdir(parents=True, exist_ok=True)
    written = {}
    for name in names or list(PAGES):
        path = folder / name
        path.write_text(PAGES[name], encoding="utf-8")
        written[name] = path
    return written


def _write_jsonl(path: Path, records: list[dict]) -> Path:
    """``records`` as a JSON Lines file (Persian unescaped)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                    encoding="utf-8")
    return path


def _write_crawl(path: Path, records: list[dict] | None = None) -> Path:
    """``records`` (the crawl records by default) as one JSON array file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(records or CRAWL, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


CITIES = ("تبریز", "شیراز", "اصفهان", "مشهد", "رشت", "کرمان", "یزد", "اهواز", "ساری", "زنجان")
TOPICS = (
    ("بازگشایی کتابخانه عمومی", "کتابخانه تازه با ده هزار جلد کتاب و سالن مطالعه شبانه‌روزی"),
    ("آغاز طرح کاشت درخت", "شهرداری در حاشیه بزرگراه‌ها نهال بلوط و زبان گنجشک می‌کارد"),
    ("افزایش پروازهای فرودگاه", "دو شرکت هواپیمایی پروازهای روزانه به پایتخت را بیشتر کردند"),
    ("برگزاری جشنواره تئاتر", "گروه‌های نمایشی از بیست استان در تالار شهر اجرا دارند"),
)


def _generated_page(number: int) -> str:
    """A short, unique news page: the ``number``-th of a stream of city news."""
    city = CITIES[number % len(CITIES)]
    title, detail = TOPICS[number % len(TOPICS)]
    return (
        f"{title} در {city} (شماره {number})\n\n"
        f"مسئولان {city} از {title} خبر دادند و گفتند {detail}.\n"
        f"کد خبر: {700000 + number}\n"
        f"۰۹:۰۰ - {number % 28 + 1} اسفند ۱۴۰۱\n"
        f"به گزارش خبرگزاری نمونه، فرماندار {city} در گزارش شماره {number} افزود: "
        f"{detail} و هزینه آن از بودجه استانی پرداخت می‌شود.\n"
        "انتهای پیام\n"
        "منبع: نمونه\n"
    )


def _write_generated(folder: Path, count: int) -> list[Path]:
    """``count`` small generated pages, 100 a subfolder."""
    paths = []
    for number in range(count):
        path = folder / f"{number // 100:02d}" / f"{number:04d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(_generated_page(number), encoding="utf-8")
        paths.append(path)
    return paths


def _ids_with_word(index_dir: Path, word: str) -> set[str]:
    """Ids of the live (not deleted) articles whose text holds ``word``."""
    from whoosh.query import Term

    from analyzers import analyze
    from searcher.index.opened import OpenedIndex

    (token,) = analyze(word)
    with OpenedIndex(index_dir) as archive:
        hits = archive.searcher.search(Term("text", token.term), limit=None)
        return {hit["id"] for hit in hits}


def _stored_ids(index_dir: Path) -> list[str]:
    """Every live article id in the index, repeats included (a duplicate shows up twice)."""
    from searcher.index.opened import OpenedIndex

    with OpenedIndex(index_dir) as archive:
        return [article.id for article in archive.articles()]


def _open_articles(tmp_path: Path, records: list[dict]) -> OpenedIndex:
    """Index ``records`` (JSON articles) into ``tmp_path``/index and open it."""
    from searcher.index.opened import OpenedIndex
    from searcher.index.run import index_paths

    corpus = _write_jsonl(tmp_path / "articles.jsonl", records)
    index_paths([corpus], tmp_path / "index")
    return OpenedIndex(tmp_path / "index")


def _khabar_command(*args: str) -> list[str]:
    """argv for the installed ``khabar`` of this interpreter's environment."""
    script = Path(sys.executable).with_name("khabar")
    if script.exists():
        return [str(script), *args]
    return [sys.executable, "-m", "searcher.cli.app", *args]


# The fixtures: session-wide, since they hand out data and pure functions.
@pytest.fixture(scope="session")
def pages() -> dict[str, str]:
    """The six news pages by file name."""
    return PAGES


@pytest.fixture(scope="session")
def markers() -> dict[str, str]:
    """A word only that page has, by page file name."""
    return MARKERS


@pytest.fixture(scope="session")
def crawl() -> list[dict]:
    """Two JSON crawl records, one with an id of its own."""
    return CRAWL


@pytest.fixture(scope="session")
def write_pages() -> Callable[..., dict[str, Path]]:
    return _write_pages


@pytest.fixture(scope="session")
def write_jsonl() -> Callable[[Path, list[dict]], Path]:
    return _write_jsonl


@pytest.fixture(scope="session")
def write_crawl() -> Callable[..., Path]:
    return _write_crawl


@pytest.fixture(scope="session")
def write_generated() -> Callable[[Path, int], list[Path]]:
    return _write_generated


@pytest.fixture(scope="session")
def generated_page() -> Callable[[int], str]:
    """The n-th page of a stream of short, unique generated city news."""
    return _generated_page


@pytest.fixture(scope="session")
def ids_with_word() -> Callable[[Path, str], set[str]]:
    return _ids_with_word


@pytest.fixture(scope="session")
def stored_ids() -> Callable[[Path], list[str]]:
    return _stored_ids


@pytest.fixture(scope="session")
def open_articles() -> Callable[[Path, list[dict]], OpenedIndex]:
    return _open_articles


@pytest.fixture(scope="session")
def khabar_command() -> Callable[..., list[str]]:
    return _khabar_command
