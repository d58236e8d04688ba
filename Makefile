# Every target finds a Python >= 3.12 on its own (scripts/find-python) and works in .venv.
VENV ?= .venv
STAMP := $(VENV)/.installed
QUERY ?= انتخابات مجلس

.PHONY: demo test check lint types bench clean

$(STAMP): pyproject.toml scripts/bootstrap
	./scripts/bootstrap $(VENV)

## demo: install, then search sample_corpus/ (the index is built on first use)
demo: $(STAMP)
	$(VENV)/bin/khabar search "$(QUERY)"

## test: install, then lint, types and the whole test suite (doctests included); what CI runs
test: lint types
	$(VENV)/bin/python -m pytest -q -n 2

## check: the fast habits alone: lint, types, doctests, import rules, README checks
check: lint types
	$(VENV)/bin/python -m pytest -q tests/test_doctests.py tests/test_architecture.py \
		tests/test_docs.py tests/test_import_side_effects.py

## lint: ruff, rules in pyproject.toml
lint: $(STAMP)
	$(VENV)/bin/ruff check .

## types: mypy over analyzers/ and searcher/, config in pyproject.toml
types: $(STAMP)
	$(VENV)/bin/mypy

clean:
	rm -rf $(VENV)
