"""Every test here runs with its own signing key, index location and data/config folders, so
no test reads or writes the user's khabar config or index. A throw-away khabar home
(:class:`KhabarHome`: key, index, data, config and history folders under one tmp directory)
serves CLI and shell tests in-process (monkeypatch) or for a child process (environ); the sample
corpus is indexed once per test module that asks for ``sample_home``."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jdatetime
import pytest

from searcher.article import Article
from searcher.index.opened import OpenedIndex
from searcher.index.run import index_paths

SAMPLE_CORPUS = Path(__file__).resolve().parents[2] / "sample_corpus"
# Variables of the developer's shell that would change what khabar prints.
_CLEARED = ("KHABAR_INDEX", "KHABAR_BIDI", "KHABAR_DEBUG", "KHABAR_TRUST_INDEX", "KHABAR_BATCH",
            "KHABAR_SAMPLE_CORPUS", "KHABAR_HISTORY", "NO_COLOR", "FORCE_COLOR", "COLUMNS",
            "LINES", "TMUX", "STY", "VTE_VERSION", "KONSOLE_VERSION", "TERM_PROGRAM",
            "WT_SESSION", "XTERM_VERSION", "PAGER", "MANPAGER", "LESS")
_SGR = re.compile(r"\x1b\[([0-9;]*)m")
_YELLOW_RUN = re.compile(r"\x1b\[[0-9;]*\b33m([^\x1b]+)")  # khabar's highlight is bold yellow


@dataclass(frozen=True)
class KhabarHome:
    root: Path

    @property
    def index_dir(self) -> Path:
        return self.root / "index"

    @property
    def history(self) -> Path:
        return self.root / "data" / "shell_history"

    def variables(self, *, with_index: bool = True) -> dict[str, str]:
        """khabar's variables pointing into this home (KHABAR_INDEX only ``with_index``)."""
        variables = {
            "HOME": str(self.root),
            "XDG_DATA_HOME": str(self.root / "data"),
            "XDG_CONFIG_HOME": str(self.root / "config"),
            "XDG_CACHE_HOME": str(self.root / "cache"),
            "KHABAR_KEY_FILE": str(self.root / "config" / "index.key"),
            "KHABAR_HISTORY": str(self.history),
        }
        if with_index:
            variables["KHABAR_INDEX"] = str(self.index_dir)
        return variables

    def apply(self, monkeypatch: pytest.MonkeyPatch, *, with_index: bool = True) -> None:
        """Point this process's khabar at the home."""
        for name in _CLEARED:
            monkeypatch.delenv(name, raising=False)
        for name, value in self.variables(with_index=with_index).items():
            monkeypatch.setenv(name, value)

    def environ(self, **extra: str) -> dict[str, str]:
        """A child process's environment: this home, UTF-8, plus ``extra``."""
        env = {k: v for k, v in os.environ.items() if k not in _CLEARED}
        env.update(self.variables(), LC_ALL="C.UTF-8", LANG="C.UTF-8", PYTHONUTF8="1")
        env.update(extra)
        return env


def _make_home(root: Path, corpus: Path | None = SAMPLE_CORPUS) -> KhabarHome:
    """A home under ``root``, with ``corpus`` indexed into it (None: no index)."""
    home = KhabarHome(root)
    if corpus is not None:
        with pytest.MonkeyPatch.context() as patch:
            home.apply(patch)
            index_paths([corpus], home.index_dir)
    return home


def _sgr_codes(text: str) -> list[int]:
    """Every parameter of every SGR (colour/style) escape sequence in ``text``."""
    return [int(code) for params in _SGR.findall(text) for code in params.split(";") if code]


def _without_sgr(text: str) -> str:
    return _SGR.sub("", text)


def _is_colour(code: int) -> bool:
    """SGR parameters that set a foreground or background colour."""
    return 30 <= code <= 49 or 90 <= code <= 107


def _yellow_runs(text: str) -> list[str]:
    """The stretches of ``text`` printed in yellow (khabar's highlight colour)."""
    return _YELLOW_RUN.findall(text)


@pytest.fixture(autouse=True)
def _isolated_khabar(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path_factory.mktemp("khabar-home")
    monkeypatch.setenv("KHABAR_KEY_FILE", str(home / "config" / "index.key"))
    monkeypatch.setenv("KHABAR_INDEX", str(home / "index"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    for name in ("KHABAR_TRUST_INDEX", "KHABAR_BATCH", "KHABAR_DEBUG", "KHABAR_BIDI"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def folder(tmp_path: Path, write_pages: Callable[..., dict[str, Path]]) -> Path:
    """A folder of the six news pages."""
    write_pages(tmp_path / "news")
    return tmp_path / "news"


@pytest.fixture
def index_dir(tmp_path: Path) -> Path:
    """Where a test's index goes (not created yet)."""
    return tmp_path / "index"


@pytest.fixture(scope="session")
def make_home() -> Callable[..., KhabarHome]:
    """``make_home(root, corpus=SAMPLE_CORPUS)``: a home with ``corpus`` indexed (None: none)."""
    return _make_home


@pytest.fixture(scope="module")
def sample_home(tmp_path_factory: pytest.TempPathFactory) -> KhabarHome:
    """sample_corpus/ indexed into a fresh home (shared by the tests of one module)."""
    return _make_home(tmp_path_factory.mktemp("khabar-sample"))


@pytest.fixture
def sample_archive(sample_home: KhabarHome,
                   monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenedIndex]:
    """The sample index, opened, with this process pointed at its home."""
    sample_home.apply(monkeypatch)
    with OpenedIndex(sample_home.index_dir) as opened:
        yield opened


# Reading styled terminal output.
@pytest.fixture(scope="session")
def sgr_codes() -> Callable[[str], list[int]]:
    return _sgr_codes


@pytest.fixture(scope="session")
def without_sgr() -> Callable[[str], str]:
    return _without_sgr


@pytest.fixture(scope="session")
def is_colour() -> Callable[[int], bool]:
    return _is_colour


@pytest.fixture(scope="session")
def yellow_runs() -> Callable[[str], list[str]]:
    return _yellow_runs


# The newsroom: fictional Persian news reports written for the story, timeline and facet tests.
# URMIA_LEVEL and URMIA_BUDGET are two different stories on one topic (Lake Urmia), as are
# QUAKE_KERMAN and QUAKE_DRILL (earthquakes): same-topic stories must never collapse.
TEHRAN = ZoneInfo("Asia/Tehran")

URMIA_LEVEL = Article(
    id="urmia-level",
    title="تراز دریاچه ارومیه ۴۰ سانتی‌متر بالا آمد",
    source="ایرنا",
    published=datetime(2023, 4, 12, 9, 30, tzinfo=TEHRAN),
    body=(
        "به گزارش ایرنا، مدیر دفتر حفاظت از دریاچه ارومیه امروز گفت تراز آب دریاچه در "
        "مقایسه با مدت مشابه سال گذشته ۴۰ سانتی‌متر افزایش یافته و به ۱۲۷۰ متر و ۹۵ سانتی‌متر "
        "رسیده است.\n"
        "وی با اشاره به بارش‌های زمستانی در حوضه آبریز افزود: رهاسازی آب از سدهای بوکان و "
        "مهاباد در اسفندماه به همراه ذوب برف‌های کوهستان باعث شد بخشی از بستر خشک در جنوب "
        "دریاچه دوباره زیر آب برود.\n"
        "این مسئول همچنین گفت برای پایدار ماندن این وضعیت باید برداشت از چاه‌های غیرمجاز "
        "کشاورزی در اطراف دریاچه کنترل شود و طرح انتقال آب از سد کانی‌سیب هرچه زودتر به "
        "بهره‌برداری برسد.\n"
        "به گفته وی، پایش ماهواره‌ای نشان می‌دهد وسعت پهنه آبی دریاچه در فروردین امسال به "
        "بیش از دو هزار و ۸۰۰ کیلومتر مربع رسیده که بیشترین مقدار در پنج سال گذشته است."
    ),
)

URMIA_BUDGET = Article(
    id="urmia-budget",
    title="اعتبار احیای دریاچه ارومیه در بودجه سال آینده کاهش یافت",
    source="ایسنا",
    published=datetime(2023, 4, 14, 11, 0, tzinfo=TEHRAN),
    body=(
        "به گزارش ایسنا، نماینده مردم ارومیه در مجلس از کاهش ۲۰ درصدی اعتبار ستاد احیای "
        "دریاچه ارومیه در لایحه بودجه سال آینده انتقاد کرد و خواستار بازنگری در این ردیف شد.\n"
        "وی گفت: در حالی که پروژه‌های لایروبی رودخانه‌ها و ساخت تصفیه‌خانه‌های فاضلاب شهرهای "
        "حوضه هنوز نیمه‌کاره مانده‌اند، کم شدن بودجه یعنی توقف کارهایی که سال‌ها برای آن "
        "هزینه شده است.\n"
        "او افزود کمیسیون کشاورزی مجلس نشستی با حضور معاون وزیر نیرو و رئیس سازمان برنامه "
        "برگزار خواهد کرد تا راهی برای جبران این کسری پیدا شود.\n"
        "به گفته این نماینده، کشاورزان منطقه نیز نگران‌اند که با توقف طرح‌های کم‌آبیاری، "
        "سهم آب دریاچه دوباره صرف توسعه زمین‌های زراعی شود."
    ),
)

QUAKE_KERMAN = Article(
    id="quake-kerman",
    title="زلزله ۵.۲ ریشتری حوالی کرمان را لرزاند",
    source="مهر",
    published=datetime(2024, 3, 19, 3, 40, tzinfo=TEHRAN),
    body=(
        "به گزارش خبرگزاری مهر، زمین‌لرزه‌ای به بزرگی ۵.۲ در مقیاس ریشتر بامداد امروز حوالی "
        "شهر کرمان را لرزاند و ساکنان چند روستای اطراف را به خیابان‌ها کشاند.\n"
        "رئیس جمعیت هلال احمر استان گفت تیم‌های ارزیاب به روستاهای نزدیک کانون زلزله اعزام "
        "شده‌اند و تاکنون گزارشی از تلفات جانی دریافت نشده است، هرچند به چند خانه خشتی "
        "آسیب رسیده است.\n"
        "مرکز لرزه‌نگاری کشوری اعلام کرد عمق این زمین‌لرزه ۱۰ کیلومتر بوده و پس از آن سه "
        "پس‌لرزه کوچک‌تر نیز ثبت شده است.\n"
        "استاندار کرمان از مردم خواست تا اعلام وضعیت نهایی از ورود به ساختمان‌های ترک‌خورده "
        "خودداری کنند و اخبار را فقط از مراجع رسمی دنبال کنند."
    ),
)

QUAKE_DRILL = Article(
    id="quake-drill",
    title="مانور سراسری زلزله در مدارس برگزار شد",
    source="تسنیم",
    published=datetime(2024, 3, 20, 10, 0, tzinfo=TEHRAN),
    body=(
        "به گزارش تسنیم، بیست و ششمین مانور سراسری زلزله و ایمنی امروز با حضور میلیون‌ها "
        "دانش‌آموز در مدارس سراسر کشور برگزار شد و دانش‌آموزان تمرین کردند که هنگام زمین‌لرزه "
        "زیر میز پناه بگیرند.\n"
        "معاون وزیر آموزش و پرورش گفت هدف این مانور آماده کردن دانش‌آموزان و معلمان برای "
        "واکنش درست در نخستین ثانیه‌های زلزله و تخلیه آرام کلاس‌ها پس از پایان لرزش است.\n"
        "وی افزود در این دوره برای نخستین بار کارشناسان هلال احمر در صد مدرسه حضور داشتند "
        "و کمک‌های اولیه را به دانش‌آموزان آموزش دادند.\n"
        "به گفته او، گزارش ارزیابی مانور تا پایان ماه آینده به استان‌ها ارسال می‌شود تا "
        "کاستی‌های هر منطقه برطرف شود."
    ),
)

STORIES = (URMIA_LEVEL, URMIA_BUDGET, QUAKE_KERMAN, QUAKE_DRILL)


def _at(y: int, m: int, d: int, hh: int = 12, mm: int = 0) -> datetime:
    """A Tehran moment given by its Jalali date."""
    return jdatetime.datetime(y, m, d, hh, mm).togregorian().replace(tzinfo=TEHRAN)


# Lake Urmia briefs dated at the edges of Jalali periods, Esfand 1403 (a leap year: 30 days).
EDGES = tuple(
    Article(id=f"edge-{n}", title=f"بازدید کارشناسان از ساحل دریاچه ارومیه، نوبت {n}",
            body="وضعیت دریاچه ارومیه بررسی شد.", source=source, published=moment)
    for n, (source, moment) in enumerate([
        ("IRNA", _at(1403, 12, 30, 23, 50)),  # last minutes of a leap Esfand
        ("ایرنا", _at(1404, 1, 1, 0, 10)),  # Nowruz 1404
        ("ایسنا", _at(1403, 11, 30, 23, 59)),  # last minute of Bahman
        ("ایسنا", _at(1403, 12, 1, 0, 0)),  # first minute of Esfand
    ])
)
UNDATED = Article(id="undated", title="یادداشتی درباره دریاچه ارومیه",
                  body="دریاچه ارومیه نیازمند توجه بیشتری است.", source="")



def _copies() -> tuple[Article, ...]:
    """Three copies of URMIA_LEVEL (ISNA's with a new opening and an added paragraph, Mehr's
    with a new title, Tasnim's trimmed), spelled by their files as ايسنا and «خبرگزاری مهر»."""
    from bench.synth.republish import republications

    copies = dict(republications(URMIA_LEVEL))
    return (replace(copies["opening+add"], source="ايسنا"),
            replace(copies["title"], source="خبرگزاری مهر"),
            replace(copies["trim"], source="Tasnim"))


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """A test that takes ``story`` runs once for each newsroom story."""
    if "story" in metafunc.fixturenames:
        metafunc.parametrize("story", STORIES, ids=[s.id for s in STORIES])


@pytest.fixture(scope="session")
def stories() -> tuple[Article, ...]:
    """The four newsroom stories, two topics of two stories each."""
    return STORIES


@pytest.fixture(scope="session")
def urmia_level() -> Article:
    return URMIA_LEVEL


@pytest.fixture(scope="session")
def urmia_budget() -> Article:
    return URMIA_BUDGET


@pytest.fixture(scope="session")
def quake_kerman() -> Article:
    return QUAKE_KERMAN


@pytest.fixture(scope="session")
def quake_drill() -> Article:
    return QUAKE_DRILL


@pytest.fixture(scope="session")
def copies() -> tuple[Article, ...]:
    """Republished copies of URMIA_LEVEL by three other agencies."""
    return _copies()


@pytest.fixture(scope="session")
def newsroom_articles(copies: tuple[Article, ...]) -> tuple[Article, ...]:
    """Every article of the newsroom index: stories, copies, period edges, one undated."""
    return (*STORIES, *copies, *EDGES, UNDATED)


@pytest.fixture(scope="session")
def jalali_moment() -> Callable[..., datetime]:
    """``jalali_moment(y, m, d, hh=12, mm=0)``: a Tehran moment given by its Jalali date."""
    return _at


@pytest.fixture(scope="session")
def build_newsroom(newsroom_articles: tuple[Article, ...],
                   write_jsonl: Callable[[Path, list[dict]], Path]) -> Callable[[Path], Path]:
    """``build_newsroom(folder)``: the newsroom articles indexed into folder/"index"."""

    def build(directory: Path) -> Path:
        records = [article.to_json() for article in newsroom_articles]
        index_dir = directory / "index"
        index_paths([write_jsonl(directory / "newsroom.jsonl", records)], index_dir)
        return index_dir

    return build
