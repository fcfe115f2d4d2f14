# Two commands on a fresh machine: `make demo` and `make test`. Everything else is a helper.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
EXAMPLE := examples/itv-zelenskyy-nato.txt
WIKINEWS := corpora/wikinews-2019-2020/articles.jsonl
DEMO_DB := demo.db
NG := $(BIN)/newsgraph

.PHONY: browser install minilm onnx distil demo test lint fuzz bench bench-store bench-scale bench-pathological profile eval clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# The MiniLM tagger's libraries (torch's CPU build among them), for its tests and training.
MINILM_STAMP := $(VENV)/.minilm-stamp
$(MINILM_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,minilm]'
	touch $(MINILM_STAMP)

minilm: $(MINILM_STAMP)

# The shipped MiniLM tagger exported to ONNX (int8) for the engine's torch-free tagger (learn/export_onnx.py).
onnx: minilm
	$(BIN)/python -m newsgraph.learn.export_onnx src/newsgraph/models/attribution-minilm \
		src/newsgraph/models/attribution-onnx

# A three-layer student distilled from the shipped MiniLM tagger (learn/distil.py, docs/evaluation.md), on one
# thread at low priority, then exported to ONNX as the shipped tagger is: POLNEAR=/path/to/PolNeAR make distil
STUDENT ?= attribution-student
distil: minilm
	OMP_NUM_THREADS=1 nice -n 19 $(NG) train attribution $(POLNEAR) --out $(STUDENT) --architecture minilm \
		--layers 3 --epochs 3 --distil-from minilm --threads 1
	$(BIN)/python -m newsgraph.learn.export_onnx $(STUDENT) $(STUDENT)-onnx
	$(NG) train attribution $(POLNEAR) --out $(STUDENT)-onnx --retune

demo: install
	$(BIN)/newsgraph analyze $(EXAMPLE) --published 2024-12-18
	@echo; echo "== the store: the example and 40 Wikinews articles in $(DEMO_DB) (a rerun skips what is stored) =="
	$(NG) ingest $(EXAMPLE) $(WIKINEWS) --limit 41 --published 2024-12-18 --db $(DEMO_DB)
	$(NG) stats --db $(DEMO_DB)
	$(NG) entities --type person --top 8 --db $(DEMO_DB)
	$(NG) quotes --speaker Zelensky --since 2024-12-17 --until 2024-12-18 --limit 4 --db $(DEMO_DB)
	$(NG) entity "President Zelenskiy" --db $(DEMO_DB)
	$(NG) search "climate change" --limit 4 --db $(DEMO_DB)
	$(NG) events --actor Zelenskyy --limit 5 --db $(DEMO_DB)
	@echo; echo "== the workspace (docs/web.md): $(NG) serve --db $(DEMO_DB)  then open http://127.0.0.1:8001/ =="

# Debian's Chromium and its driver for the browser tests (tests/test_web_browser.py); Playwright drives
# /usr/bin/chromium, never a browser of its own. Installed when missing and apt-get can (CI runs as root).
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; \
	  else echo "note: /usr/bin/chromium is missing and cannot be installed here: browser tests will skip"; fi; \
	fi

test: install minilm browser
	$(BIN)/ruff check src tests $(wildcard benchmarks)
	$(BIN)/pytest

lint: install
	$(BIN)/ruff check src tests $(wildcard benchmarks)

# A long fuzzing run (tests/test_fuzz.py; the suite runs a short, fixed one): random mutations of the
# bundled articles and the inputs that once took minutes (tests/pathological.py), larger and many
# more. A failing example is kept in .hypothesis/ and tried first on the next run.
FUZZ_EXAMPLES ?= 2000
FUZZ_MAX_CHARS ?= 30000
fuzz: install
	NEWSGRAPH_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) NEWSGRAPH_FUZZ_MAX_CHARS=$(FUZZ_MAX_CHARS) \
	  $(BIN)/pytest tests/test_fuzz.py -p no:cacheprovider

bench: install
	$(BIN)/python benchmarks/bench_analyze.py --workers 2 --profile

# Where the stages spend their time, function by function (pyinstrument; HTML page in profile.html).
profile: install
	$(BIN)/python benchmarks/profile_engine.py --limit 120 --html profile.html

bench-store: install
	$(BIN)/python benchmarks/bench_store.py

# Time on the inputs of tests/pathological.py at 5, 10, 20 and 40 KB: it should double with the size.
bench-pathological: install
	$(BIN)/python benchmarks/bench_pathological.py --write

# Ingest and the Dask path vs analysis, then worker memory over a long run (ARTICLES=100000 for the full one).
ARTICLES ?= 600
bench-scale: install
	$(BIN)/python benchmarks/bench_ingest.py --workers 2
	$(BIN)/python benchmarks/bench_longrun.py --workers 2 --articles $(ARTICLES)

# PolNeAR is not in the repository (no licence): POLNEAR=/path/to/PolNeAR make eval
eval: install
	$(BIN)/newsgraph eval attribution $(POLNEAR) --split dev

clean:
	rm -rf $(VENV) $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm build dist src/*.egg-info .pytest_cache .ruff_cache .hypothesis
