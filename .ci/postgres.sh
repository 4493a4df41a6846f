#!/usr/bin/env bash
# Sourced by .ci/run: makes sure Debian's PostgreSQL is installed and running on loopback, creates
# the test role and database, and exports ARGOSY_TEST_POSTGRES_URL for the store's PostgreSQL tests.
# Idempotent and quick when everything is already there. Needs root (CI and the dev machines run as root).
pg_setup() {
  if ! command -v pg_lsclusters >/dev/null 2>&1 || ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    echo "postgres: installing Debian's postgresql package"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
  fi
  local ver
  ver=$(ls /usr/lib/postgresql | sort -V | tail -1)
  if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$ver/main"; then
    pg_createcluster "$ver" main >/dev/null
  fi
  if ! pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $4}' | grep -q online; then
    pg_ctlcluster "$ver" main start
  fi
  local port
  port=$(pg_lsclusters -h | awk -v v="$ver" '$1==v && $2=="main" {print $3}')

  for _ in $(seq 1 30); do
    su postgres -c "psql -p $port -qAtc 'SELECT 1'" >/dev/null 2>&1 && break
    sleep 1
  done
  su postgres -c "psql -p $port -qAtc \"SELECT 1 FROM pg_roles WHERE rolname='argosy'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -qc \"CREATE ROLE argosy LOGIN PASSWORD 'argosy'\""
  su postgres -c "psql -p $port -qAtc \"SELECT 1 FROM pg_database WHERE datname='argosy_test'\"" | grep -q 1 \
    || su postgres -c "psql -p $port -qc 'CREATE DATABASE argosy_test OWNER argosy'"
  export ARGOSY_TEST_POSTGRES_URL="jdbc:postgresql://127.0.0.1:$port/argosy_test?user=argosy&password=argosy"
  echo "postgres: $ver on 127.0.0.1:$port, ARGOSY_TEST_POSTGRES_URL set"
}
pg_setup
