# The two set-up commands: `make run` and `make test`. Both install missing system libraries first.
SWIFT ?= swift
DB ?= llmbench.sqlite

.PHONY: deps build release run test bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product llmbench

## A benchmark of the shipped datasets against the embedded simulator (no API key needed).
run: release
	.build/release/llmbench run --db $(DB) --requests 20 --concurrency 16
	@echo
	.build/release/llmbench report --db $(DB) --view article
	@echo
	@echo "Render it again: .build/release/llmbench report --db $(DB) --format csv --out reports/latest.csv"

## The whole test suite; .ci/run calls exactly this. The end-to-end tests run the built binary,
## so it is built first (`swift test` alone does not rebuild executables).
test: deps
	$(SWIFT) build
	$(SWIFT) test

## Measurements of llmbench itself (see Benchmarks/README.md). The bench spawns the release CLI
## (`llmbench simulate`) from beside itself, so that product is built first.
bench: deps
	$(SWIFT) build -c release --product llmbench
	$(SWIFT) run -c release llmbench-bench $(SCENARIO)

clean:
	rm -rf .build
