# Crossdock: `make demo` runs the hub with the channel sandbox; `make test` runs every test.
SWIFT ?= swift
BUILD_PACKAGES = pkg-config libsqlite3-dev libmicrohttpd-dev libpq-dev libssl-dev curl
TEST_PACKAGES = chromium chromium-driver python3-venv
PORT ?= 8080
SPEED ?= 600

.PHONY: demo test build deps test-deps lint swift-test browser-test postgres clean

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

swift-test:
	CROSSDOCK_LOG=error $(SWIFT) test

browser-test: build
	scripts/run-browser-tests.sh

# The PostgreSQL backend (issue 4) will make swift-test depend on this.
postgres:
	@scripts/install-packages.sh postgresql
	@scripts/start-postgres.sh >/dev/null

clean:
	rm -rf .build crossdock-data .venv
