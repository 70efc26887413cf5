#!/usr/bin/env bash
# Sourced by scripts/test.sh: a private PostgreSQL for the tests, on a loopback port in a temp directory.
# pg_start installs Debian's postgresql if it is missing, starts the instance and exports KPIMESH_TEST_POSTGRES;
# pg_stop stops it and removes the directory.

# Installs Debian packages, running 'apt-get update' at most once per test run.
apt_install() {
  if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_free_port() {
  local port
  for port in $(seq 55432 55632); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return; fi
  done
  echo "no free port for PostgreSQL in 55432-55632" >&2
  return 1
}

pg_start() {
  if [ -z "$(pg_bin)" ]; then
    echo "PostgreSQL is not installed: installing Debian's postgresql (needs root and the package registry)..."
    apt_install postgresql
  fi
  PG_BIN=$(pg_bin)
  PG_DIR=$(mktemp -d /tmp/kpimesh-pg.XXXXXX)
  chmod 755 "$PG_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_DIR"
  PG_PORT=$(pg_free_port)
  pg_as_owner "$PG_BIN/initdb" -D "$PG_DIR/data" -A trust -U postgres -E UTF8 --no-sync >/dev/null
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 60 \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  export PG_BIN PG_DIR PG_PORT  # PG_BIN also lets tests start PostgreSQL instances of their own
  export KPIMESH_TEST_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=postgres"
  echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT (data in $PG_DIR)"
}

pg_stop() {
  [ -n "${PG_DIR:-}" ] || return 0
  pg_as_owner "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
  PG_DIR=
}
