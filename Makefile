# Two commands do all set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint bench model chromium clean docs

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[all,dev]'
	touch $(STAMP)

# Debian's chromium for the browser tests (never `playwright install`).
chromium:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null; fi; }

demo: $(STAMP)
	$(BIN)/sword demo

test: $(STAMP) chromium
	$(BIN)/ruff check src tests benchmarks training
	$(BIN)/python -m pytest -n 2 -q

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py
	$(BIN)/python benchmarks/startup.py
	$(BIN)/python benchmarks/store.py

# The learned event model's head, from training/events/ (reproducible; about 2 minutes).
model: $(STAMP)
	$(BIN)/python training/train_event_model.py

# README.md's example outputs, re-written from a fresh demo and the commands it shows.
docs: $(STAMP)
	$(BIN)/python docs/readme_examples.py

clean:
	rm -rf $(VENV) sword.duckdb sword-demo.duckdb report.html
