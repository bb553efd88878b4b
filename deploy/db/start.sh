#!/bin/sh
# PostgreSQL for the atlas: on first start, a cluster on the volume with the role and the
# database "monoqala" (password from POSTGRES_PASSWORD_FILE); then the server, on loopback.
#   PGDATA, PGPORT            where the data lives, the port (default 5432)
#   POSTGRES_PASSWORD_FILE    the app role's password (a compose secret)
#   MONOQALA_DB_BIND          the address it listens on (default 127.0.0.1)
set -eu
bin=/usr/lib/postgresql/15/bin
: "${POSTGRES_PASSWORD_FILE:?set POSTGRES_PASSWORD_FILE}"
bind=${MONOQALA_DB_BIND:-127.0.0.1}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  mkdir -p "$PGDATA"
  chmod 700 "$PGDATA"
  # Local connections by the "postgres" system user only; over TCP, passwords (SCRAM).
  "$bin/initdb" -D "$PGDATA" -U postgres --encoding=UTF8 --locale=C.UTF-8 \
    --auth-local=peer --auth-host=scram-sha-256 >/dev/null
  "$bin/pg_ctl" -D "$PGDATA" -w -s -o "-c listen_addresses='' -c unix_socket_directories=/tmp" start
  "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h /tmp -U postgres -d postgres \
    -v pw="$(cat "$POSTGRES_PASSWORD_FILE")" <<'SQL'
CREATE ROLE monoqala LOGIN PASSWORD :'pw';
CREATE DATABASE monoqala OWNER monoqala;
SQL
  "$bin/pg_ctl" -D "$PGDATA" -w -s -m fast stop
fi
exec "$bin/postgres" -D "$PGDATA" -c listen_addresses="$bind" -c port="$PGPORT" \
  -c unix_socket_directories=/tmp
