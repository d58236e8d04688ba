"""Timeline, facets and same-story collapsing through the search library, on a real index."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from searcher.index.opened import OpenedIndex
from searcher.rank.search import Filters, search
from searcher.rank.timeline import timeline


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory, build_newsroom) -> OpenedIndex:
    import os

    home = tmp_path_factory.mktemp("newsroom")
    os.environ["KHABAR_KEY_FILE"] = str(home / "index.key")
    with OpenedIndex(build_newsroom(home)) as opened:
        yield opened


def test_copies_of_one_report_are_one_hit_led_by_the_best_ranked(archive: OpenedIndex, copies,
                                                                 urmia_level) -> None:
    result = search(archive, "تراز دریاچه ارومیه سانتی‌متر", limit=10)
    story = [hit for hit in result.hits if hit.id in {urmia_level.id, *(c.id for c in copies)}]
    assert len(story) == 1
    assert {copy.id for copy in story[0].copies} | {story[0].id} == \
        {urmia_level.id, *(c.id for c in copies)}
    assert story[0].rank == 1


@pytest.mark.parametrize(("query", "sort"), [
    ("تراز دریاچه ارومیه", "date"),  # newest first: matches from a pass of their own
    ('"دریاچه ارومیه" تراز', "relevance"),  # a phrase: ranked by whoosh, not top_k
])
def test_copies_fold_whichever_pass_finds_the_matches(archive: OpenedIndex, query: str,
                                                     sort: str, copies, urmia_level) -> None:
    hits = search(archive, query, sort=sort, limit=20).hits
    story = [hit for hit in hits if hit.id in {urmia_level.id, *(c.id for c in copies)}]
    assert len(story) == 1
    assert len(story[0].copies) == len(copies)


def test_copies_are_listed_earliest_first_and_the_first_publisher_is_known(
        archive: OpenedIndex) -> None:
    hit = search(archive, "تراز دریاچه ارومیه").hits[0]
    times = [copy.published for copy in hit.copies]
    assert times == sorted(times)
    assert hit.first_source == "ایرنا"  # urmia_level ran first; its copies came later
    # copies show canonical agency names, whatever their files said (ايسنا, خبرگزاری مهر, Tasnim)
    assert {copy.source for copy in hit.copies} <= {"ایسنا", "مهر", "تسنیم", "ایرنا"}


def test_totals_count_stories_and_articles(archive: OpenedIndex, copies) -> None:
    collapsed = search(archive, "دریاچه ارومیه")
    every = search(archive, "دریاچه ارومیه", collapse=False)
    assert every.total == collapsed.total_articles
    assert collapsed.total == every.total - len(copies)


def test_all_copies_show_when_collapsing_is_off(archive: OpenedIndex, copies, urmia_level) -> None:
    every = search(archive, "تراز دریاچه ارومیه", collapse=False, limit=20)
    ids = {hit.id for hit in every.hits}
    assert {urmia_level.id, *(c.id for c in copies)} <= ids
    assert all(not hit.copies for hit in every.hits)


def test_different_stories_on_one_topic_stay_apart(archive: OpenedIndex) -> None:
    ids = {hit.id for hit in search(archive, "دریاچه ارومیه", limit=20).hits}
    assert "urmia-budget" in ids
    ids = {hit.id for hit in search(archive, "زلزله", limit=20).hits}
    assert {"quake-kerman", "quake-drill"} <= ids


def test_a_page_past_the_first_still_has_whole_stories(archive: OpenedIndex) -> None:
    first = search(archive, "دریاچه ارومیه", limit=2)
    second = search(archive, "دریاچه ارومیه", limit=2, offset=2)
    assert not {h.id for h in first.hits} & {h.id for h in second.hits}
    assert [h.rank for h in second.hits] == [3, 4]


def test_facets_count_the_whole_result_set_by_canonical_agency_and_jalali_year(
        archive: OpenedIndex) -> None:
    result = search(archive, "دریاچه ارومیه", limit=1, facets=True)
    sources = dict(result.facets.source)
    # ایرنا: urmia_level and two edge briefs, one written IRNA; ایسنا: the budget story, ايسنا's
    # copy and two edge briefs
    assert sources["ایرنا"] == 3
    assert sources["ایسنا"] == 4
    assert sources["مهر"] == 1 and sources["تسنیم"] == 1
    years = dict(result.facets.year)
    assert years == {1402: 5, 1403: 3, 1404: 1}
    assert result.facets.undated == 1
    assert sum(sources.values()) == result.total_articles - 1  # the undated note has no source


def test_source_filter_takes_any_spelling_of_an_agency(archive: OpenedIndex) -> None:
    for spelling in ("IRNA", "ايرنا", "خبرگزاری جمهوری اسلامی ایران"):
        found = search(archive, "دریاچه ارومیه", filters=Filters(sources=(spelling,)),
                       collapse=False)
        assert found.total == 3, spelling
        assert {hit.source for hit in found.hits} == {"ایرنا"}


def test_timeline_buckets_meet_at_jalali_month_edges_of_a_leap_esfand(
        archive: OpenedIndex) -> None:
    line = timeline(archive, "بازدید", by="month")
    counts = {bucket.label: bucket.count for bucket in line.buckets}
    assert counts == {"بهمن ۱۴۰۳": 1, "اسفند ۱۴۰۳": 2, "فروردین ۱۴۰۴": 1}
    esfand = next(b for b in line.buckets if b.label == "اسفند ۱۴۰۳")
    assert (esfand.start, esfand.end) == (date(2025, 2, 19), date(2025, 3, 20))  # 30 days


def test_timeline_by_year_splits_at_nowruz(archive: OpenedIndex) -> None:
    line = timeline(archive, "بازدید", by="year")
    assert [(b.label, b.count) for b in line.buckets] == [("۱۴۰۳", 3), ("۱۴۰۴", 1)]
    assert line.buckets[1].start == date(2025, 3, 21)


def test_timeline_shows_empty_periods_and_counts_undated_apart(archive: OpenedIndex) -> None:
    line = timeline(archive, "دریاچه ارومیه", by="month")
    assert line.undated == 1
    labels = [b.label for b in line.buckets]
    assert labels[0] == "فروردین ۱۴۰۲" and labels[-1] == "فروردین ۱۴۰۴"
    assert len(labels) == 25  # every month between, most of them empty
    assert sum(b.count for b in line.buckets) + line.undated == line.total == 10


def test_timeline_granularity_follows_the_span(archive: OpenedIndex) -> None:
    assert timeline(archive, "بازدید").by == "day"  # Bahman 30 to Farvardin 1: 3 days
    assert timeline(archive, "دریاچه ارومیه").by == "month"  # two years


def test_timeline_window_and_source(archive: OpenedIndex, jalali_moment) -> None:
    since = jalali_moment(1403, 12, 1, 0, 0)
    until = jalali_moment(1404, 1, 1, 0, 0) + timedelta(days=1)
    line = timeline(archive, "بازدید", by="day",
                    filters=Filters(since=since, until=until, sources=("IRNA",)))
    assert len(line.buckets) == 31  # Esfand 1 to 30, then Farvardin 1
    assert [(b.label, b.count) for b in line.buckets if b.count] == [
        ("۳۰ اسفند ۱۴۰۳", 1), ("۱ فروردین ۱۴۰۴", 1)]


def test_stats_count_agencies_by_canonical_name(archive: OpenedIndex) -> None:
    sources = archive.stats().sources
    # IRNA, ایرنا (twice); ایسنا (twice), ايسنا, the budget story's ایسنا; «خبرگزاری مهر», مهر
    assert sources["ایرنا"] == 3 and sources["ایسنا"] == 4 and sources["مهر"] == 2
    assert "IRNA" not in sources and "ايسنا" not in sources
