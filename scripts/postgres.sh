#!/usr/bin/env bash
# A local PostgreSQL (Debian's packages) on the loopback interface with a `cloudless` database, for the indexer's
# test run against PostgreSQL (.ci/run).
#   postgres.sh start    installs it when missing, starts it when stopped, prints its URL (the only line on stdout)
#   postgres.sh running  exits 0 when a cluster is online
#   postgres.sh stop     stops it
set -euo pipefail
# Only the URL goes to stdout (the caller captures it); everything the tools print goes to stderr.
exec 3>&1 1>&2

# Runs a command with no descriptor of ours but stdin (/dev/null), stdout and stderr: a server it starts lives on
# after this script, and must not hold the pipes of whoever ran it (a CI runner waits for its pipes to close).
bare() {
  (
    for fd in /proc/"$BASHPID"/fd/*; do
      fd="${fd##*/}"
      if ((fd > 2)); then eval "exec ${fd}>&-"; fi
    done
    exec "$@" </dev/null
  )
}

latest() { ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -n 1; }
online() { command -v pg_lsclusters >/dev/null 2>&1 && pg_lsclusters -h | grep -q "^$(latest) main .* online"; }

case "${1:-}" in
  running)
    online
    exit
    ;;
  stop)
    if online; then bare pg_ctlcluster "$(latest)" main stop; fi
    exit
    ;;
  start) ;;
  *)
    echo "usage: postgres.sh start|running|stop"
    exit 2
    ;;
esac

if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  echo "installing PostgreSQL from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  bare apt-get update -qq >/dev/null
  bare apt-get install -y -qq postgresql >/dev/null
fi

version="$(latest)"
if ! pg_lsclusters -h | grep -q "^${version} main "; then
  bare pg_createcluster "$version" main >/dev/null
fi
conf="/etc/postgresql/${version}/main/postgresql.conf"
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf"; then
  echo "listen_addresses = '127.0.0.1'" >>"$conf"
  if online; then bare pg_ctlcluster "$version" main restart; fi
fi
if ! online; then
  bare pg_ctlcluster "$version" main start
fi
port="$(pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" { print $3 }')"

as_postgres() { runuser -u postgres -- "$@"; }
if [[ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_roles WHERE rolname = 'cloudless'")" != 1 ]]; then
  as_postgres psql -p "$port" -qc "CREATE ROLE cloudless LOGIN PASSWORD 'cloudless'"
fi
if [[ "$(as_postgres psql -p "$port" -tAc "SELECT 1 FROM pg_database WHERE datname = 'cloudless'")" != 1 ]]; then
  as_postgres createdb -p "$port" -O cloudless cloudless
fi
echo "postgresql://cloudless:cloudless@127.0.0.1:${port}/cloudless" >&3
