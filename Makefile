# Two commands: `make run` (fresh clone -> finished main job) and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SCALE  ?= 100000
SEED   ?= 42
export DW_HOME ?= $(CURDIR)/var

.PHONY: setup run test dagster bench clean

setup: $(VENV)/.installed

# Reinstall only when the pins change; requirements.lock pins the whole resolved set.
$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet pip==26.3
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test]'
	touch $@

run: setup
	$(BIN)/dw demo-data --scale $(SCALE) --seed $(SEED) --out $(DW_HOME)/landing
	$(BIN)/dw run

# Lint and types first: they take seconds and catch what tests would only hit by chance.
test: setup
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest -n 2

dagster: setup
	$(BIN)/dw dev

bench: setup
	$(BIN)/python benchmarks/bench_ingest.py

clean:
	rm -rf $(DW_HOME)
