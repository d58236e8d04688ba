"""What a command imports decides how fast it starts: ``--help`` needs neither whoosh nor the
analyzer's data, and no command imports hazm (or nltk) at run time. Checked in a fresh
interpreter, since this test process has imported everything already. (Timings: bench/startup.py.)"""

from __future__ import annotations

import json
import subprocess
import sys

from searcher.cli.app import app

PROBE = """
import contextlib, io, json, sys
from searcher.cli.app import main
with contextlib.redirect_stdout(io.StringIO()):
    for argv in json.loads(sys.argv[1]):
        main(argv)
print(json.dumps(sorted(sys.modules)))
"""


def _modules_after(argv_list: list[list[str]], env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run([sys.executable, "-c", PROBE, json.dumps(argv_list)], env=env,
                          capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout))


def _top_level(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules}


def test_help_of_khabar_and_of_every_command_imports_no_search_engine() -> None:
    import typer

    names = sorted(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    loaded = _top_level(_modules_after([["--help"], *([name, "--help"] for name in names)]))
    assert not loaded & {"whoosh", "hazm", "nltk", "analyzers", "numpy"}


def test_a_piped_search_imports_neither_hazm_nor_the_terminal_renderer(
        sample_home) -> None:
    loaded = _modules_after([["search", "انتخابات مجلس"]], env=sample_home.environ())
    assert "whoosh" in _top_level(loaded)  # it did search
    assert not _top_level(loaded) & {"hazm", "nltk"}  # the analyzer reads hazm's files only
    assert not loaded & {"rich.console", "searcher.output.styled", "searcher.output.bidi"}


def test_a_one_shot_search_imports_only_what_it_uses(sample_home) -> None:
    """Not platformdirs (the user's folders are found as it finds them, analyzers.diskcache),
    not secrets (only a new signing key needs it), not numpy."""
    env = sample_home.environ()
    env.pop("KHABAR_CACHE_DIR", None)  # the analyzer's cache in the user's cache folder
    loaded = _modules_after([["search", "انتخابات مجلس"]], env=env)
    assert "whoosh" in _top_level(loaded)
    assert not _top_level(loaded) & {"platformdirs", "secrets", "numpy"}


TABLES_PROBE = """
import contextlib, io, sys
from searcher.cli.app import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
from analyzers import lexicon, morphology
print(lexicon.words.cache_info().currsize, morphology._verb_table.cache_info().currsize,
      lexicon.word_probe.cache_info().currsize, morphology._verb_probe.cache_info().currsize)
"""


def test_a_one_shot_search_builds_none_of_the_analyzers_dicts(sample_home) -> None:
    """hazm's lexicon and the verb forms are probed where they lie (analyzers.probe): building
    their dicts costs more than everything a query and its snippets analyze."""
    done = subprocess.run([sys.executable, "-c", TABLES_PROBE, "search", "کتابهای انتخابات مجلس"],
                          env=sample_home.environ(), capture_output=True, text=True,
                          timeout=120, check=True)
    words, verbs, word_probe, verb_probe = map(int, done.stdout.split())
    assert (words, verbs) == (0, 0)
    assert (word_probe, verb_probe) == (1, 1)  # it did analyze, through the probes


KINDS_PROBE = """
import contextlib, io, json, sys
from searcher.cli.app import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[2:])
names = json.loads(sys.argv[1])
print(json.dumps({name: type(sys.modules[name]).__name__ if name in sys.modules else None
                  for name in names}))
"""
# Modules a one-shot search imports only as stand-ins (searcher.cli.import_stubs), or never.
NOT_LOADED = ["whoosh.highlight", "whoosh.automata.lev", "whoosh.automata.fsa",
              "whoosh.support.levenshtein", "whoosh.lang.morph_en", "whoosh.lang.porter",
              "urllib.request", "html", "calendar", "tempfile", "random",
              "rich", "numpy", "hazm", "searcher.index.stats", "searcher.tallies",
              "searcher.engine.integrity",
              # OpenSSL (searcher.index.hashes) and the story signatures (indexing only)
              "_hashlib", "hashlib", "hmac", "searcher.index.signature"]


def test_a_one_shot_search_leaves_what_it_does_not_use_unloaded(sample_home) -> None:
    done = subprocess.run(
        [sys.executable, "-c", KINDS_PROBE, json.dumps(NOT_LOADED), "search", "انتخابات مجلس"],
        env=sample_home.environ(), capture_output=True, text=True, timeout=120, check=True)
    kinds = json.loads(done.stdout)
    assert {name: kind for name, kind in kinds.items() if kind not in (None, "_StandIn")} == {}


GROUPS = [  # (argv, the commands typer is asked to build; "all": every command)
    (["search", "انتخابات", "مجلس"], {"search"}),
    (["search", "index", "--index", "/tmp/x"], {"search", "index"}),  # a query word "index"
    (["--bidi", "off", "search", "نفت"], "all"),  # first word not a command: all
    (["stats", "--json"], {"stats"}),
    (["serch", "نفت"], "all"),  # click suggests from all of them
    (["search", "--help"], "all"),
    (["-h"], "all"),
    ([], "all"),
]


def test_a_command_line_builds_only_the_commands_it_names() -> None:
    import typer

    from searcher.cli.app import click_group

    every = set(typer.main.get_command(app).commands)  # type: ignore[attr-defined]
    assert len(every) > 10
    for argv, expected in GROUPS:
        assert set(click_group(argv).commands) == (every if expected == "all" else expected), argv


BUILD_PROBE = """
import json, typer
from searcher.cli.app import app, click_group

def described():
    group = typer.main.get_command(app)
    return {name: [[p.name, p.opts, p.type.name, repr(p.default), p.required, p.multiple,
                    getattr(p, "help", None)] for p in command.params]
            for name, command in sorted(group.commands.items())}

before = described()  # typer evaluates the annotation strings itself
click_group(["--help"])  # evaluates them once, ahead of typer
callbacks = [c.callback for c in app.registered_commands] + [app.registered_callback.callback]
print(json.dumps({"same": described() == before, "commands": len(before),
                  "strings_left": sum(isinstance(v, str) for f in callbacks
                                      for v in f.__annotations__.values())}))
"""


def test_commands_are_built_the_same_from_annotations_evaluated_once() -> None:
    """typer evaluated every annotation string twice per command (half of what --help spends
    beyond importing typer); click_group evaluates them once and typer reads the objects."""
    done = subprocess.run([sys.executable, "-c", BUILD_PROBE], capture_output=True, text=True,
                          timeout=120, check=True)
    assert json.loads(done.stdout) == {"same": True, "commands": 13, "strings_left": 0}


GENERATED_PROBE = """
import contextlib, io, json, sys
generated = []

def hook(event, args):  # dataclass compiles its methods from source: "def __create_fn__(…"
    source = args[0] if event == "compile" else None
    if isinstance(source, bytes) and source.startswith(b"def __create_fn__(") \\
            and b"\\n def " in source:
        frame = sys._getframe(1)
        while frame and "cls" not in frame.f_locals:
            frame = frame.f_back
        generated.append(frame.f_locals["cls"].__qualname__ if frame else "?")

sys.addaudithook(hook)
from searcher.cli.app import main
with contextlib.redirect_stdout(io.StringIO()):
    main(sys.argv[1:])
print(json.dumps(generated))
"""


def test_a_one_shot_search_compiles_no_dataclass_methods(sample_home) -> None:
    """~0.5 ms a class (searcher.records): the records a search uses come with their methods."""
    done = subprocess.run([sys.executable, "-c", GENERATED_PROBE, "search", "انتخابات مجلس"],
                          env=sample_home.environ(), capture_output=True, text=True,
                          timeout=120, check=True)
    assert json.loads(done.stdout) == []
