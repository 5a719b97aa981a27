# Crossdock: `make demo` runs the hub with the channel sandbox; `make test` runs every test.
SWIFT ?= swift
BUILD_PACKAGES = pkg-config libsqlite3-dev libmicrohttpd-dev libpq-dev libssl-dev curl
TEST_PACKAGES = chromium chromium-driver postgresql python3-venv
PORT ?= 8080
SPEED ?= 600

.PHONY: demo test build deps test-deps lint swift-test browser-test postgres bench clean

demo: deps build
	.build/debug/crossdock demo --port $(PORT) --data-dir ./crossdock-data --speed $(SPEED) --reset

test: test-deps build lint swift-test browser-test

deps:
	@scripts/install-packages.sh $(BUILD_PACKAGES)

test-deps: deps
	@scripts/install-packages.sh $(TEST_PACKAGES)
	@test -x .venv/bin/python || python3 -m venv .venv
	@.venv/bin/pip install -q -r tests/requirements.txt

build:
	$(SWIFT) build

lint:
	$(SWIFT) format lint --strict --recursive Package.swift Sources Tests

swift-test: postgres
	CROSSDOCK_LOG=error CROSSDOCK_TEST_DATABASE_URL=$$(scripts/start-postgres.sh) $(SWIFT) test

browser-test: build
	scripts/run-browser-tests.sh

# Installs and starts a local PostgreSQL 15 for the store tests (loopback only).
postgres:
	@scripts/install-packages.sh postgresql
	@scripts/start-postgres.sh >/dev/null

# Catalogue import benchmark at the Standard plan's real rate limit (about 2 minutes), then the order-routing
# crash harness on SQLite (about 1.5 minutes); see docs/benchmarks.md.
bench: deps
	$(SWIFT) build -c release
	.build/release/crossdock bench catalog --products 100000
	.build/release/crossdock bench orders --orders 500 --kills 5

clean:
	rm -rf .build crossdock-data .venv
