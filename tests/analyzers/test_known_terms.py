"""Word by word (a short query) and through the known-terms table (indexing): the same terms."""

from __future__ import annotations

import pytest

from analyzers import lexicon, morphology


@pytest.fixture
def words() -> list[str]:
    lex = sorted(lexicon.words())
    verbs = sorted(morphology._verb_table())
    unknown = ["کتابهایش", "دانشجویان", "بزرگترین", "خانهای", "رییسی", "پزشکیان", "نیروگاهها",
               "مسیولان", "zzz", "سالهای", "میروند", "نمیدانستند"]
    return lex[::97] + verbs[::89] + sorted(morphology.PROTECTED_NAMES) + unknown


def test_per_word_path_matches_the_table(words: list[str],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(morphology, "_KNOWN", None)
    monkeypatch.setattr(morphology, "_asked", 0)
    monkeypatch.setattr(morphology, "_KNOWN_AFTER", 10**9)
    one_by_one = [morphology._single_term(w) for w in words]
    assert morphology._KNOWN is None  # the table was never built

    monkeypatch.setattr(morphology, "_KNOWN_AFTER", 0)
    through_table = [morphology._single_term(w) for w in words]
    assert morphology._KNOWN is not None
    assert one_by_one == through_table
    assert any(term is None for term in one_by_one)  # stopwords are among them
    assert {"کتاب", "دانشجو", "بزرگ", "رفت", "دانست"} <= set(one_by_one)
