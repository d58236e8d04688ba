# Every target finds a Python >= 3.12 on its own (scripts/find-python) and works in .venv.
VENV ?= .venv
STAMP := $(VENV)/.installed
QUERY ?= انتخابات مجلس

.PHONY: demo test bench clean

$(STAMP): pyproject.toml scripts/bootstrap
	./scripts/bootstrap $(VENV)

## demo: install, then search sample_corpus/ (the index is built on first use)
demo: $(STAMP)
	$(VENV)/bin/khabar search "$(QUERY)"

## test: install, then run the whole test suite
test: $(STAMP)
	$(VENV)/bin/python -m pytest -q -n 2

clean:
	rm -rf $(VENV)
