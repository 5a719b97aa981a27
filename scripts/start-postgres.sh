#!/usr/bin/env bash
# Starts the local PostgreSQL 15 cluster on loopback and makes a test role and database.
# Prints the connection URL for CROSSDOCK_TEST_DATABASE_URL.
set -euo pipefail
if ! pg_lsclusters -h 2>/dev/null | grep -q '^15 *main'; then
    pg_createcluster 15 main >/dev/null
fi
pg_ctlcluster 15 main start >/dev/null 2>&1 || true
for _ in $(seq 1 30); do
    su postgres -c "pg_isready -q" && break
    sleep 1
done
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_roles WHERE rolname = 'crossdock'\"" | grep -q 1 \
    || su postgres -c "psql -q -c \"CREATE ROLE crossdock LOGIN PASSWORD 'crossdock'\"" >/dev/null
su postgres -c "psql -q -tc \"SELECT 1 FROM pg_database WHERE datname = 'crossdock_test'\"" | grep -q 1 \
    || su postgres -c "psql -q -c \"CREATE DATABASE crossdock_test OWNER crossdock\"" >/dev/null
echo "postgresql://crossdock:crossdock@127.0.0.1:5432/crossdock_test"
