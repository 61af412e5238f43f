#!/usr/bin/env bash
# Makes sure a local PostgreSQL (Debian's packages) runs on the loopback interface with a `cloudless` database, and
# prints its URL. Used by .ci/run to run the indexer's tests against PostgreSQL as well as PGlite.
set -euo pipefail

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null
  apt-get install -y -qq postgresql >/dev/null
fi

version="$(ls /usr/lib/postgresql | sort -n | tail -n 1)"
if ! pg_lsclusters -h | grep -q "^${version} main "; then
  pg_createcluster "$version" main >/dev/null
fi
conf="/etc/postgresql/${version}/main/postgresql.conf"
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf"; then
  echo "listen_addresses = '127.0.0.1'" >>"$conf"
  pg_ctlcluster "$version" main restart 2>/dev/null || true
fi
if ! pg_lsclusters -h | grep -q "^${version} main .* online"; then
  pg_ctlcluster "$version" main start
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"

as_postgres() { runuser -u postgres -- "$@"; }
if [[ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'cloudless'")" != 1 ]]; then
  as_postgres psql -p "$port" -qc "CREATE ROLE cloudless LOGIN PASSWORD 'cloudless'"
fi
if [[ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'cloudless'")" != 1 ]]; then
  as_postgres createdb -p "$port" -O cloudless cloudless
fi
echo "postgresql://cloudless:cloudless@127.0.0.1:${port}/cloudless"
