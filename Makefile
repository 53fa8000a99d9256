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
WASM_OUT    := $(TARGET_DIR)/$(WASM_TARGET)/$(WASM_PROFILE)/custometrics_wasm_full.wasm
SURVEY_OUT  := $(TARGET_DIR)/$(WASM_TARGET)/$(WASM_PROFILE)/custometrics_wasm_survey.wasm
PKG         := bindings-wasm/pkg
WEB         := examples/web
# The web app's build outputs beside cargo's: the report's figures and the test's screenshot.
WEB_OUT     := $(abspath $(TARGET_DIR))/web

export CARGO_TERM_COLOR ?= never
# Under CI the property tests draw from fixed seeds, so a landing is reproducible; local runs
# explore new cases each time (proptest and hypothesis both read these).
ifdef CI
export PROPTEST_RNG_SEED ?= 20261126
# A clean build gains nothing from incremental compilation's bookkeeping.
export CARGO_INCREMENTAL ?= 0
export HYPOTHESIS_PROFILE ?= ci
endif

.PHONY: help demo test setup lint rust-test package-test wasm-core-test python-test wheel wheel-test docs js-test web-test web web-build wasm-pkg data fuzz bench bench-python bench-pandas bench-lifetimes bench-inputs bench-js bench-segments bench-engines

# Every target carries a `## ` description; `make help` lists them all.
help: ## list every target with what it does
	@grep -E '^[a-z][a-z0-9-]*:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 18

demo: ## run the example report on the bundled sample data
	cargo run --quiet --release -p custometrics-examples --example report

data: ## regenerate the synthetic sample data in examples/data
	cargo run --quiet -p custometrics-examples --example generate_data

test: setup lint rust-test package-test wasm-core-test python-test wheel-test docs js-test web-test ## install what the tests need (once), then run every suite
	@echo "all suites passed"

# ---- installs, each skipped when already done ----------------------------------------------
BUNDLERS := bindings-wasm/tests/bundlers

# The installs are independent: a make of their own runs them side by side (the build of
# wasm-bindgen-cli keeps the cores busy while pip, npm and apt mostly wait on downloads), each
# one's output printed whole when it ends.
INSTALLS := .stamps/wasm-target .stamps/wasm-bindgen-$(WB_VERSION) $(VENV)/.installed bindings-wasm/node_modules/.installed $(BUNDLERS)/node_modules/.installed .stamps/debian $(VENV)/.engines-installed
setup: ## install the wasm32 target, wasm-bindgen-cli, the Python venv, npm packages (and the bundlers the package is tested under), chromium, the Dask and Spark engines (and Java for Spark)
	@$(MAKE) --no-print-directory -j4 --output-sync=target $(INSTALLS)

.stamps/wasm-target:
	@mkdir -p .stamps
	rustup target list --installed | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@touch $@

# `cargo install --locked` of wasm-bindgen-cli fails to build here, so it is unlocked. --force:
# cargo's record of installed crates can say it is there when the binary is not (removed by
# hand), and cargo would then skip the install.
.stamps/wasm-bindgen-$(WB_VERSION):
	@mkdir -p .stamps
	if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $(WB_VERSION)"; then \
	  cargo install --force wasm-bindgen-cli --version $(WB_VERSION); fi
	@touch $@

$(VENV)/.installed: bindings-python/requirements-test.txt
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r bindings-python/requirements-test.txt
	@touch $@

# The engines custometrics.dask and custometrics.spark are tested on (tests/test_dask.py,
# tests/test_spark.py), in the test venv; Spark runs on Java 17.
$(VENV)/.engines-installed: bindings-python/requirements-engines.txt $(VENV)/.installed .stamps/debian
	$(PY) -m pip install --quiet -r bindings-python/requirements-engines.txt
	@touch $@

# From Debian, in one apt-get (two would wait on each other's lock), each only when missing:
# Chromium for the browser tests (playwright-core drives it; its own browser download cannot work
# here) and the headless Java 17 that Spark runs on.
.stamps/debian:
	@mkdir -p .stamps
	pkgs=""; command -v chromium >/dev/null || pkgs="$$pkgs chromium"; \
	  command -v java >/dev/null || pkgs="$$pkgs openjdk-17-jre-headless"; \
	if [ -n "$$pkgs" ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs; fi
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
lint: ## cargo fmt --check, clippy -D warnings (the core and the wasm binding also without default features), the docs build and its links
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --locked -- -D warnings
	cargo clippy -p custometrics --no-default-features --all-targets --locked -- -D warnings
	cargo clippy -p custometrics-wasm --no-default-features --all-targets --locked -- -D warnings
	RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --locked --quiet
	@# rustdoc resolves a link to another crate's item but, without that crate's docs (--no-deps),
	@# renders it as a bare "[path]" or an href that is the path itself, with no warning: a link
	@# into a dependency needs its docs.rs URL.
	@if grep -rEo 'href="[A-Za-z_]+::[^"]*"|\[<code>[A-Za-z_]+(::[A-Za-z_]+)+</code>\]' $(TARGET_DIR)/doc/custometrics*/; then \
	  echo "doc links above do not resolve to a page: link into dependencies with their docs.rs URL"; exit 1; fi

# The core's own tests (unit, doc, golden vectors, property tests) run where a user of the
# published crate would run them: from the unpacked .crate, in `package-test`, with the core's
# repository-only test (models_lifetimes.rs, lifetimes' outputs on CDNOW, not shipped) copied in
# beside them, so the core and its dev-dependencies are compiled once for all of them. Run here
# as well, each of those was compiled twice (about 10 minutes of `make test`; the lifetimes
# comparison alone 3 minutes, its dev-dependencies unifying other features than the workspace's).
# Here: the workspace's other crates, and the core's unit tests a second time without its default
# features (no rayon, no pulp: sequential loops, plain-Rust kernels), which must give the same
# bits; `lint` checks that build with clippy. Its integration tests (one binary, core/tests/suite)
# pass there too, but compiling them again would add minutes: run `cargo test -p custometrics
# --no-default-features --tests` after changing a kernel.
OTHER_CRATES := --workspace --exclude custometrics --exclude custometrics-python --exclude custometrics-wasm --locked
rust-test: ## the Rust tests outside the packaged crate: the examples and benches crates, the core's unit tests without default features (package-test runs the rest)
	cargo test $(OTHER_CRATES)
	cargo test -p custometrics --no-default-features --lib --locked

# The crate as crates.io would ship it: `cargo package`, the .crate unpacked into the build
# directory (inside the repository only under target/, which the workspace excludes, so the
# unpacked crate is a workspace of its own), then its doc examples and the tests it ships, run
# there offline against the registry cache `rust-test` filled, with the workspace's test profile.
# The unpacked path is the same every run, so only the crate itself is rebuilt; --touch gives the
# files the time of unpacking, as the .crate stores one fixed time for every file and cargo,
# which compares times, would otherwise keep a build of older sources. The lifetimes comparison
# and the reference outputs it includes at compile time (1.2 MB, left out of the .crate) are
# copied in, and named in the normalised manifest (which lists the test targets `cargo package`
# found); nothing the shipped tests read is copied, so they still pass only on what ships.
VERSION     := $(shell sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n 1)
PACKAGE_DIR := $(TARGET_DIR)/package-test
PACKAGED    := $(PACKAGE_DIR)/custometrics-$(VERSION)
package-test: ## cargo package the core, unpack the .crate, run its unit tests, doc examples, golden vectors and property tests offline, and the lifetimes comparison
	cargo package -p custometrics --locked --no-verify --allow-dirty
	rm -rf $(PACKAGE_DIR) && mkdir -p $(PACKAGE_DIR)
	tar -xzf $(TARGET_DIR)/package/custometrics-$(VERSION).crate -C $(PACKAGE_DIR) --touch
	cp core/tests/models_lifetimes.rs $(PACKAGED)/tests/
	cp core/tests/data/lifetimes_reference_*.json $(PACKAGED)/tests/data/
	printf '\n[[test]]\nname = "models_lifetimes"\npath = "tests/models_lifetimes.rs"\n' >> $(PACKAGED)/Cargo.toml
	cd $(PACKAGED) && CARGO_TARGET_DIR=$(abspath $(TARGET_DIR)) \
	  cargo test --offline --locked --config 'profile.test.package.custometrics.opt-level = 2'

# The core's integration tests (golden vectors, property tests) again, compiled to wasm32 and
# run under Node by wasm-bindgen-test-runner, with the features the npm package uses. They are one
# test binary (core/tests/suite, a module per file) because each binary is linked, passed through
# wasm-bindgen and started in Node on its own; `--tests` adds two: the unit tests' and
# models_lifetimes.rs's.
wasm-core-test: ## the core's integration tests compiled to wasm32, run under Node
	CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  cargo test -p custometrics --target $(WASM_TARGET) --no-default-features --features simd --tests --locked

# pytest on both cores (pytest-xdist): 270 → 215 s for the suite on this two-core machine under load.
PYTEST_WORKERS ?= 2
python-test: ## build the extension into the venv, run pytest, check the stubs and the typed usage
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	cd bindings-python && ../$(PY) -m pytest -q -n $(PYTEST_WORKERS)
	cd bindings-python && ../$(PY) -m mypy.stubtest custometrics._native --allowlist stubtest-allowlist.txt
	cd bindings-python && ../$(PY) -m mypy --strict tests/typed_usage.py python/custometrics

# ---- the Python package as pip installs it ------------------------------------------------------
# One abi3 wheel (CPython >= 3.9) and the sdist, built by maturin with the release profile and the
# features python-test's `maturin develop --release` uses, so after it cargo rebuilds nothing.
# The wheel's platform tag is this machine's glibc (manylinux_2_35 here); a wheel for PyPI is
# built the same way in a manylinux container.
WHEEL_DIR  := $(TARGET_DIR)/wheels
WHEEL_VENV := $(TARGET_DIR)/wheel-venv
wheel: $(VENV)/.installed ## build the abi3 release wheel and the sdist of the Python package into $(TARGET_DIR)/wheels
	rm -f $(WHEEL_DIR)/custometrics-*
	$(VENV)/bin/maturin build --release --locked -q -m bindings-python/Cargo.toml --out $(WHEEL_DIR)
	$(VENV)/bin/maturin sdist -m bindings-python/Cargo.toml --out $(WHEEL_DIR)

# A venv of its own (cached: numpy and pandas at the test pins, once), the wheel reinstalled into
# it on every run, then a smoke test run from outside the repository with no Rust on the PATH.
wheel-test: wheel $(WHEEL_VENV)/.installed ## install the built wheel into a separate venv and run an import-and-compute smoke test without Rust
	$(WHEEL_VENV)/bin/python -m pip install --quiet --force-reinstall --no-deps --no-index $(WHEEL_DIR)/custometrics-*.whl
	cd $(WHEEL_VENV) && env -i HOME="$$HOME" PATH="$(abspath $(WHEEL_VENV))/bin:/usr/bin:/bin" \
	  $(abspath $(WHEEL_VENV))/bin/python $(abspath bindings-python/tests/wheel_smoke.py) $(abspath core/tests/data)

$(WHEEL_VENV)/.installed: bindings-python/requirements-test.txt
	test -x $(WHEEL_VENV)/bin/python || python3 -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install --quiet $$(grep -E '^(numpy|pandas)==' bindings-python/requirements-test.txt)
	@touch $@

# ---- the documentation site -----------------------------------------------------------------------
# MkDocs (mkdocs.yml) with mkdocstrings: the API pages are read from the docstrings and stubs by
# griffe without importing the extension, so no build is needed; strict, so a broken link or a
# docstring it cannot read fails the target. About 5 s; the pages' code runs in python-test
# (tests/test_docs.py).
SITE := $(TARGET_DIR)/site
docs: $(VENV)/.docs-installed ## build the documentation site (getting started, API reference from the docstrings) into $(TARGET_DIR)/site; a warning fails
	$(VENV)/bin/mkdocs build --strict -f mkdocs.yml -d $(abspath $(SITE)) 2>&1 | { grep -v '^INFO' || true; }

$(VENV)/.docs-installed: docs/requirements.txt $(VENV)/.installed
	$(PY) -m pip install --quiet -r docs/requirements.txt
	@touch $@

# cargo decides whether the .wasm is stale; wasm-bindgen, wasm-opt and the glue's edits
# (scripts/finish-pkg.mjs) run only when it or the script changed, so the suites that need the
# package reuse one build.
wasm-pkg: .stamps/wasm-target .stamps/wasm-bindgen-$(WB_VERSION) bindings-wasm/node_modules/.installed ## build the npm package (bindings-wasm/pkg): the size-optimised wasm (full, and the survey entry's), wasm-bindgen, wasm-opt
	cargo build -p custometrics-wasm-full --target $(WASM_TARGET) --profile $(WASM_PROFILE) --locked
	@# The light entry custometrics/survey: its own cargo call, so that the binding crate is built
	@# without its `full` feature (one call for both would unify the features).
	cargo build -p custometrics-wasm-survey --target $(WASM_TARGET) --profile $(WASM_PROFILE) --locked
	@$(MAKE) --no-print-directory $(PKG)/.built

$(PKG)/.built: $(WASM_OUT) $(SURVEY_OUT) bindings-wasm/scripts/finish-pkg.mjs
	wasm-bindgen --target web --out-dir $(PKG) --out-name custometrics $(WASM_OUT)
	wasm-bindgen --target web --out-dir $(PKG) --out-name survey $(SURVEY_OUT)
	cd bindings-wasm && node scripts/finish-pkg.mjs
	@touch $@

js-test: wasm-pkg $(BUNDLERS)/node_modules/.installed .stamps/debian ## the JS tests under Node (the tarball, the bundlers, the size budget), the TypeScript checks and the browser runs
	cd bindings-wasm && node --test tests/ && for c in tsconfig tsconfig.browser tsconfig.disposable; do npx tsc -p tests/$$c.json; done

# ---- the web app (examples/web) -------------------------------------------------------------
# It is built on the package as a user installs it: the tarball `npm pack` makes of bindings-wasm,
# copied to examples/web/custometrics.tgz, which the app's package.json names. Its lock file keeps
# no hash for that tarball (it changes with every build), so `npm install --no-save` puts the fresh
# one in place after the cached install of everything else.
web-build: wasm-pkg bindings-wasm/node_modules/.installed ## build the web app on the packed npm package (examples/web/dist)
	@mkdir -p $(WEB_OUT)
	cd bindings-wasm && npm pack --silent --pack-destination $(WEB_OUT) > $(WEB_OUT)/packed.txt
	cp $(WEB_OUT)/$$(tail -n 1 $(WEB_OUT)/packed.txt) $(WEB)/custometrics.tgz
	$(MAKE) --no-print-directory $(WEB)/node_modules/.installed
	cd $(WEB) && npm install --no-save --no-audit --no-fund --silent ./custometrics.tgz && npx vite build --logLevel warn

$(WEB)/node_modules/.installed: $(WEB)/package.json $(WEB)/package-lock.json
	cd $(WEB) && npm ci --no-audit --no-fund
	@touch $@

web: web-build ## build the web app and serve it at http://127.0.0.1:4173 (Ctrl-C stops it)
	cd $(WEB) && npx vite preview --host 127.0.0.1 --port 4173 --strictPort

# The figures the page must show come from the Rust report run now on the same sample files. It
# is the report `rust-test` built (cargo test builds the examples): the same cargo call, which
# rebuilds only what changed, so the report is current; a `cargo run` of it alone would resolve
# the dependencies' features otherwise and compile every crate again (about 2 minutes).
web-test: web-build .stamps/debian ## the web app in headless Chromium: the report's numbers, bad files, a large log, offline
	cargo test $(OTHER_CRATES) --no-run --quiet
	$(TARGET_DIR)/debug/examples/report --json > $(WEB_OUT)/report.json
	cd $(WEB) && APP_DIST=dist REPORT_JSON=$(WEB_OUT)/report.json SCREENSHOT=$(WEB_OUT)/dashboard.png node --test tests/

# ---- fuzzing (not part of `make test`: it needs nightly and minutes per target) -------------------
FUZZ_TARGETS ?= models summary serde survey
FUZZ_SECONDS ?= 60
fuzz: ## run each cargo-fuzz target in core/fuzz for FUZZ_SECONDS (default 60) with nightly
	command -v cargo-fuzz >/dev/null || cargo install cargo-fuzz --locked
	cd core && for t in $(FUZZ_TARGETS); do \
	  cargo +nightly fuzz run $$t -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 || exit 1; done

# ---- benchmarks (not part of `make test`: timing is not a test) ---------------------------------
bench: ## the criterion benchmarks
	cargo bench -p custometrics-benches

bench-python: setup ## satisfaction and trust kernels against numpy expressions
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_numpy.py

bench-segments: setup ## NPS with intervals for 100 segments over 10M answers against the pandas groupby expression
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_segments.py

# The npm package in Node against hand-written JS loops (nps and trustScores per input kind, abc,
# BG/NBD P(alive)) on 10 million elements, and the wasm memory the calls leave.
bench-js: wasm-pkg ## the npm package's array functions against plain JS loops, its wasm memory, and what reading a plain Array costs
	node benches/compare_js.mjs
	node benches/array_floor.mjs

# The engines come with `make setup`. TRANSACTIONS and PARTITIONS scale it (the issue's figure is
# 100 million transactions; the default here is what runs in a minute and a half on 2 cores).
TRANSACTIONS ?= 4000000
PARTITIONS   ?= 8
bench-engines: setup ## summary -> BG/NBD and Gamma-Gamma fits -> P(alive) and CLV: one process against custometrics.dask and custometrics.spark
	VIRTUAL_ENV=$(abspath $(VENV)) $(VENV)/bin/maturin develop --release --locked -q -m bindings-python/Cargo.toml
	$(PY) benches/compare_engines.py $(TRANSACTIONS) $(PARTITIONS)

# polars comes with the test requirements.
bench-inputs: setup ## every public array function x input kind on 10M rows, as the ratio to float64
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
