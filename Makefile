# The two set-up commands: `make run` and `make test`. Both install missing system libraries first.
SWIFT ?= swift
DB ?= llmbench.sqlite
# `make install`: PREFIX/bin/llmbench and its data in PREFIX/share/llmbench/datasets (found from the
# binary's location). DESTDIR is prepended to both, for packaging. BINARY installs an already built
# binary instead of building the release one (e.g. BINARY=.build/debug/llmbench).
PREFIX ?= /usr/local
DESTDIR ?=
BINARY ?=
BINDIR = $(DESTDIR)$(PREFIX)/bin
DATADIR = $(DESTDIR)$(PREFIX)/share/llmbench/datasets

# Builds through make embed the commit they are built from (scripts/build-stamp.sh, Package.swift);
# a plain `swift build` records the commit `unknown`.
export LLMBENCH_BUILD_STAMP := 1

# `make dist`: where the relocatable tree goes (DIST/bin/llmbench, DIST/share/llmbench/datasets), and
# the link flag that puts the Swift runtime inside the binary (a container then needs only glibc,
# libcurl and libsqlite3: see Dockerfile). Release only: a debug build does not link statically
# (libFoundation.a's CoreFoundation symbols are left unresolved).
DIST ?= dist
STATIC_STDLIB = --static-swift-stdlib

.PHONY: deps test-deps stamp build release run test bench install dist dist-check clean

deps:
	@bash scripts/install-deps.sh

## What the tests need besides: headless Chromium for the render test (chromium-headless-shell).
test-deps:
	@bash scripts/install-deps.sh --browser

stamp:
	@sh scripts/build-stamp.sh

build: deps stamp
	$(SWIFT) build

release: deps stamp
	$(SWIFT) build -c release --product llmbench

## A benchmark of the shipped datasets against the embedded simulator (no API key needed).
run: release
	.build/release/llmbench run --db $(DB) --requests 20 --concurrency 16
	@echo
	.build/release/llmbench report --db $(DB) --view article
	@echo
	.build/release/llmbench report --db $(DB) --format html --out reports/latest.html
	@echo "The report with charts: $(CURDIR)/reports/latest.html (one self-contained file: open it in a browser)"
	@echo "Render it again: .build/release/llmbench report --db $(DB) --format csv --out reports/latest.csv"

## The whole test suite; .ci/run calls exactly this. The end-to-end tests run the built binary,
## so it is built first (`swift test` alone does not rebuild executables); test-deps installs headless
## Chromium for the render test when it is missing.
test: test-deps stamp
	$(SWIFT) build
	$(SWIFT) test

## Measurements of llmbench itself (see Benchmarks/README.md). The bench spawns the release CLI
## (`llmbench simulate`) from beside itself, so that product is built first. The tables are printed as
## Markdown and also written with the transport charts to BENCH_HTML.
BENCH_HTML ?= reports/bench.html
bench: deps stamp
	$(SWIFT) build -c release --product llmbench
	mkdir -p $(dir $(BENCH_HTML))
	$(SWIFT) run -c release llmbench-bench $(SCENARIO) --html $(BENCH_HTML)

## The binary and its data: datasets, pricing.json and the tokenizer ranks.
install: $(if $(BINARY),,release)
	install -d $(BINDIR) $(DATADIR) $(DATADIR)/tokenizers
	install -m 755 $(or $(BINARY),.build/release/llmbench) $(BINDIR)/llmbench
	install -m 644 datasets/*.jsonl datasets/pricing.json datasets/README.md $(DATADIR)/
	install -m 644 datasets/tokenizers/*.tiktoken datasets/tokenizers/README.md $(DATADIR)/tokenizers/

## A release binary with the Swift runtime linked in, and its data, under $(DIST)/ (what the Dockerfile copies).
dist: deps stamp
	$(SWIFT) build -c release $(STATIC_STDLIB) --product llmbench
	rm -rf $(DIST)
	$(MAKE) install BINARY=$$($(SWIFT) build -c release $(STATIC_STDLIB) --product llmbench --show-bin-path)/llmbench \
		DESTDIR=$(abspath $(DIST)) PREFIX=

## `make dist`, then the test that its binary runs with no Swift runtime on the loader path. Not part
## of `make test`: a static release build from a fresh clone takes ~4.5 CPU-minutes (see README
## "Beyond one machine"); `make test` checks the Makefile target and the Dockerfile without building it.
dist-check: dist
	LLMBENCH_DIST_BINARY=$(abspath $(DIST))/bin/llmbench $(SWIFT) test --filter DistEndToEndTests

clean:
	rm -rf .build
