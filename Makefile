# Two commands on a fresh machine: `make demo` (the example report) and `make test` (installs what
# the tests need, once, then runs every suite). Installs are cached: a second run reinstalls nothing.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help

VENV        := .venv
PY          := $(VENV)/bin/python
WASM_TARGET := wasm32-unknown-unknown
# wasm-bindgen-cli must be the exact version of the wasm-bindgen crate in Cargo.lock.
WB_VERSION  := $(shell sed -n '/^name = "wasm-bindgen"$$/{n;s/version = "\(.*\)"/\1/p;}' Cargo.lock)
# cargo's output directory: CARGO_TARGET_DIR when it is set (a build cache shared by checkouts).
TARGET_DIR  := $(or $(CARGO_TARGET_DIR),target)
# The npm package's .wasm is built with its own profile (Cargo.toml: optimised for size).
WASM_PROFILE := wasm-release
WASM_OUT    := $(TARGET_DIR)/$(WASM_TARGET)/$(WASM_PROFILE)/custometrics_wasm.wasm
PKG         := bindings-wasm/pkg

export CARGO_TERM_COLOR ?= never
# Under CI the property tests draw from fixed seeds, so a landing is reproducible; local runs
# explore new cases each time (proptest and hypothesis both read these).
ifdef CI
export PROPTEST_RNG_SEED ?= 20261126
export HYPOTHESIS_PROFILE ?= ci
endif

.PHONY: help demo test setup lint rust-test wasm-core-test python-test js-test wasm-pkg data bench bench-python bench-pandas bench-lifetimes bench-inputs bench-js

# Every target carries a `## ` description; `make help` lists them all.
help: ## list every target with what it does
	@grep -E '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

demo: ## run the example report on the bundled sample data
	cargo run --quiet --release -p custometrics-examples --example report

data: ## regenerate the synthetic sample data in examples/data
	cargo run --quiet -p custometrics-examples --example generate_data

test: setup lint rust-test wasm-core-test python-test js-test ## install what the tests need (once), then run every suite
	@echo "all suites passed"

# ---- installs, each skipped when already done ----------------------------------------------
BUNDLERS := bindings-wasm/tests/bundlers

setup: .stamps/wasm-target .stamps/wasm-bindgen-$(WB_VERSION) $(VENV)/.installed bindings-wasm/node_modules/.installed $(BUNDLERS)/node_modules/.installed .stamps/chromium ## install the wasm32 target, wasm-bindgen-cli, the Python venv, npm packages (and the bundlers the package is tested under), chromium
.stamps/wasm-target:
	@mkdir -p .stamps
	rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@touch $@

# `cargo install --locked` of wasm-bindgen-cli fails to build here, so it is unlocked.
.stamps/wasm-bindgen-$(WB_VERSION):
	@mkdir -p .stamps
	if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WB_VERSION)"; then \
	  cargo install wasm-bindgen-cli --version $(WB_VERSION); fi
	@touch $@

$(VENV)/.installed: bindings-python/requirements-test.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r bindings-python/requirements-test.txt
	@touch $@

# Debian's Chromium for the browser test (playwright-core drives it; its own browser download
# cannot work here).
.stamps/chromium:
	@mkdir -p .stamps
	command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }
	@touch $@

bindings-wasm/node_modules/.installed: bindings-wasm/package.json bindings-wasm/package-lock.json
	cd bindings-wasm && npm ci --no-audit --no-fund
	@touch $@

# Vite, webpack and esbuild for the bundler tests (tests/bundlers.test.mjs), pinned by that
# consumer project's own lock; the package itself is installed there from its tarball by the test.
$(BUNDLERS)/node_modules/.installed: $(BUNDLERS)/package.json $(BUNDLERS)/package-lock.json
	cd $(BUNDLERS) && npm ci --no-audit --no-fund
	@touch $@

# ---- checks ------------------------------------------------------------------------------------
lint: ## cargo fmt --check, clippy -D warnings, the docs build
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet

rust-test: ## the Rust tests: unit, doc, property tests, golden vectors
	cargo test --workspace --exclude custometrics-python --exclude custometrics-wasm --locked

# The core's integration tests (golden vectors, property tests) again, compiled to wasm32 and
# run under Node by wasm-bindgen-test-runner.
wasm-core-test: ## the core's integration tests compiled to wasm32, run under Node
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test -p custometrics --target $(WASM_TARGET) --no-default-features --tests --locked

python-test: ## build the extension into the venv, run pytest, check the stubs and the typed usage
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	cd bindings-python && ../$(PY) -m pytest -q
	cd bindings-python && ../$(PY) -m mypy.stubtest custometrics._native --allowlist stubtest-allowlist.txt
	cd bindings-python && ../$(PY) -m mypy --strict tests/typed_usage.py python/custometrics

# cargo decides whether the .wasm is stale; wasm-bindgen, wasm-opt and the glue's edits
# (scripts/finish-pkg.mjs) run only when it or the script changed, so the suites that need the
# package reuse one build.
wasm-pkg: .stamps/wasm-target .stamps/wasm-bindgen-$(WB_VERSION) bindings-wasm/node_modules/.installed ## build the npm package (bindings-wasm/pkg): the size-optimised wasm, wasm-bindgen, wasm-opt
	cargo build -p custometrics-wasm --target $(WASM_TARGET) --profile $(WASM_PROFILE) --locked
	@$(MAKE) --no-print-directory $(PKG)/.built

$(PKG)/.built: $(WASM_OUT) bindings-wasm/scripts/finish-pkg.mjs
	wasm-bindgen --target web --out-dir $(PKG) --out-name custometrics $(WASM_OUT)
	cd bindings-wasm && node scripts/finish-pkg.mjs
	@touch $@

js-test: wasm-pkg $(BUNDLERS)/node_modules/.installed .stamps/chromium ## the JS tests under Node (the tarball, the bundlers, the size budget), the TypeScript checks and the browser runs
	cd bindings-wasm && node --test tests/ && for c in tsconfig tsconfig.browser tsconfig.disposable; do npx tsc -p tests/$$c.json; done

# ---- benchmarks (not part of `make test`: timing is not a test) ---------------------------------
bench: ## the criterion benchmarks
	cargo bench -p custometrics-benches

bench-python: setup ## satisfaction and trust kernels against numpy expressions
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_numpy.py

# The npm package in Node against hand-written JS loops (nps and trustScores per input kind, abc,
# BG/NBD P(alive)) on 10 million elements, and the wasm memory the calls leave.
bench-js: wasm-pkg ## the npm package's array functions against plain JS loops, and its wasm memory
	node benches/compare_js.mjs

# Every public array function x input kind (int64, float32, pandas, nullable Int64, polars, list)
# on 10 million rows, as the ratio to its float64 time (polars comes with the test requirements).
bench-inputs: setup
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_inputs.py

# The tiers kernels against numpy argsort and pandas qcut on 10 million customers (needs pandas,
# which the test venv has).
bench-pandas: setup ## the tiers kernels against numpy argsort and pandas qcut
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_pandas.py

# lifetimes side by side (issue 4's goals). lifetimes and scipy are installed into the venv once,
# here only: they are not needed by `make test`.
bench-lifetimes: setup $(VENV)/.bench-installed ## the models side by side with lifetimes on CDNOW and 10M customers
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_lifetimes.py

$(VENV)/.bench-installed: benches/requirements-bench.txt bindings-python/requirements-test.txt
	$(PY) -m pip install --quiet -r benches/requirements-bench.txt
	@touch $@
