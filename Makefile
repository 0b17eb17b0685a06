# shopkeep: `make demo` runs the shop, `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PORT ?= 8000

.PHONY: demo test bench install clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/shopkeep demo --port $(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest -n $${SHOPKEEP_TEST_WORKERS:-2} --dist loadgroup -q -m "not fuzz"
	@# The fuzz cases share one test id per endpoint, which xdist's group scheduling would fold into one run.
	$(BIN)/python -m pytest -q -m fuzz

bench: $(STAMP)
	$(BIN)/python bench/run.py

clean:
	rm -rf $(VENV) var
