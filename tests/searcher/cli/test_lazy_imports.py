"""The import stand-ins shorten start-up and stay invisible to code that uses the real modules."""

from __future__ import annotations

import subprocess
import sys

SCRIPT = """
import sys
import searcher
from searcher.cli import import_stubs
import_stubs.install()
assert "urllib.request" not in sys.modules and "cached_property" not in sys.modules
# whoosh's highlighter, fuzzy-matching automata and edit distance, and the standard library's
# calendar, tempfile and random: stand-ins until used, then the real thing.
import whoosh.searching, whoosh.codec.base, whoosh.reading, whoosh.util.times
import whoosh.filedb.filestore
for name in ("whoosh.highlight", "whoosh.automata.lev", "whoosh.support.levenshtein",
             "calendar", "tempfile", "random"):
    assert type(sys.modules[name]).__name__ == "_StandIn", name
assert "whoosh.automata.fsa" not in sys.modules
assert whoosh.reading.distance("کتاب", "کباب") == 1
dfa = whoosh.codec.base.lev.levenshtein_automaton("کتاب", 1).to_dfa()
assert dfa.accept("کباب") and not dfa.accept("کبابی")
assert whoosh.util.times.adatetime(2024, 2).ceil().day == 29  # calendar.monthrange
assert whoosh.searching.highlight.Highlighter.__name__ == "Highlighter"
assert len(whoosh.util.random_name(12)) == 12
import tempfile  # the real one, as urllib.request imports it below
assert whoosh.filedb.filestore.tempfile.gettempdir() == tempfile.gettempdir()
import whoosh.compat, whoosh.reading, whoosh.searching, whoosh.query
assert "asyncio" not in sys.modules, "cached_property's asyncio was imported"
assert "http.client" not in sys.modules, "urllib.request was imported for whoosh"
assert "_exdict" not in vars(sys.modules["whoosh.lang.morph_en"]), "morph_en was loaded"
import whoosh.query.terms
assert "ran" in whoosh.query.terms.variations("run")  # what Variations queries call
import urllib.request
assert urllib.request.Request.__name__ == "Request"
from urllib.request import urlopen
assert callable(urlopen)
from cached_property import threaded_cached_property
assert threaded_cached_property.__name__ == "threaded_cached_property"
import functools
assert whoosh.reading.cached_property is functools.cached_property
import whoosh.analysis, whoosh.fields
import whoosh.filedb.filetables  # its hash tables find a term's slot by md5
assert type(sys.modules["hashlib"]).__name__ == "_StandIn" and "_hashlib" not in sys.modules
assert whoosh.filedb.filetables.md5_hash("تحریم".encode()) == 0x3cc8cc7d
from hashlib import file_digest, sha256  # what the stand-in lacks: the real hashlib
assert callable(file_digest) and "_hashlib" in sys.modules
assert sha256(b"").hexdigest().startswith("e3b0c442")
for name in ("whoosh.lang.porter", "whoosh.lang.dmetaphone", "html"):
    assert type(sys.modules[name]).__name__ == "_StandIn", name
assert "html.entities" not in sys.modules, "the real html was imported"
stems = [t.text for t in whoosh.analysis.StemmingAnalyzer()("running tables")]
assert type(sys.modules["whoosh.lang.porter"]).__name__ == "module"  # the real one, once used
from whoosh.lang.porter import stem
assert stems == [stem("running"), stem("tables")] and stems[1] != "tables"
sounds = [t.text for t in whoosh.analysis.DoubleMetaphoneFilter()(
    whoosh.analysis.RegexTokenizer()("Thompson"))]
from whoosh.lang.dmetaphone import double_metaphone
assert sounds == [double_metaphone("Thompson")[0]] and sounds != ["Thompson"]
assert whoosh.compat.htmlescape("<b>") == "&lt;b&gt;"
import html.entities
assert html.entities.name2codepoint["amp"] == 38
print("ok")
"""


def test_stand_ins_in_a_fresh_interpreter() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "ok"


def test_whoosh_urlretrieve_loads_the_real_function_on_use(monkeypatch) -> None:
    from searcher.cli import import_stubs as _lazy_imports

    real = _lazy_imports._load_real("urllib.request")
    calls = []
    monkeypatch.setattr(real, "urlretrieve", lambda *a, **k: calls.append(a) or "done")
    urlretrieve = _lazy_imports._PROVIDED["urllib.request"]()["urlretrieve"]
    assert urlretrieve("https://example.invalid/x") == "done"
    assert calls == [("https://example.invalid/x",)]
