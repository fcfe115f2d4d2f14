# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/itv-zelenskyy-nato.txt

.PHONY: install demo test lint bench eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

demo: install
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-12-18

test: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)

bench: install
	$(BIN)/python benchmarks/bench_analyze.py --workers 2 --profile

# PolNeAR is not in the repository (no licence): POLNEAR=/path/to/PolNeAR make eval
eval: install
	$(BIN)/newsgraph eval attribution $(POLNEAR) --split dev

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .ruff_cache
