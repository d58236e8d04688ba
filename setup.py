"""Build hook: the wheel carries sample_corpus/ inside the package, as searcher/sample_corpus.

The top-level sample_corpus/ stays the one copy in the repository (the product's layout, and
``make demo`` reads it in a checkout); building copies it into the package so an installed
khabar (``pipx install .``, a wheel) finds it with importlib.resources. Everything else about
the package is in pyproject.toml.
"""

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

SAMPLE = Path(__file__).resolve().parent / "sample_corpus"


class BuildWithSampleCorpus(build_py):
    """build_py, then sample_corpus/ copied to searcher/sample_corpus in the build."""

    def run(self) -> None:
        super().run()
        if SAMPLE.is_dir():
            shutil.copytree(SAMPLE, Path(self.build_lib) / "searcher" / "sample_corpus",
                            dirs_exist_ok=True)


setup(cmdclass={"build_py": BuildWithSampleCorpus})
