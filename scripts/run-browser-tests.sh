#!/usr/bin/env bash
# Starts a demo hub on free loopback ports with a throw-away data directory, runs the pytest suite
# against it, and stops it again.
set -euo pipefail
cd "$(dirname "$0")/.."
binary=.build/debug/crossdock
data=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"$binary" demo --port "$port" --data-dir "$data" --speed 6000 >"$data/demo.log" 2>&1 &
demo=$!
trap 'kill $demo 2>/dev/null || true; wait $demo 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 1 60); do
    curl -fs "http://127.0.0.1:$port/api/v1/status" >/dev/null && break
    sleep 1
done
CROSSDOCK_URL="http://127.0.0.1:$port" .venv/bin/python -m pytest -q tests || { tail -30 "$data/demo.log"; exit 1; }
