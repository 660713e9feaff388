#!/usr/bin/env bash
# B's transaction driven by pgbench instead of the benchmark's Java generator, against a scratch
# PostgreSQL with the benchmark's settings (session 24's calibration of B; see ../README.md).
#   PG_BIN=<directory of initdb, pg_ctl and postgres> ./run.sh SECONDS CLIENTS ACCOUNTS   (10 hot, 10000 uniform)
# Session 24 used the PostgreSQL 18 binaries the embedded server unpacks (zonky), pgbench and psql
# from Debian's postgresql-client (pgbench 15). Run as root, the server runs as nobody.
set -euo pipefail
cd "$(dirname "$0")"
ACCOUNTS=$3
D=$(mktemp -d)
chown nobody "$D"
su nobody -s /bin/bash -c "$PG_BIN/initdb -D $D/data -U postgres -A trust >/dev/null"
su nobody -s /bin/bash -c "$PG_BIN/pg_ctl -D $D/data -l $D/data/log.txt -o '-p 55432 -c fsync=on -c synchronous_commit=on -c full_page_writes=on -c autovacuum_naptime=5s -c io_method=sync -c max_connections=100 -k $D' start" >/dev/null
trap 'su nobody -s /bin/bash -c "$PG_BIN/pg_ctl -D $D/data stop" >/dev/null; rm -rf "$D"' EXIT
sleep 2
psql -h "$D" -p 55432 -U postgres -q -v accounts="$ACCOUNTS" -f schema.sql
pgbench -h "$D" -p 55432 -U postgres -n -M prepared -c "$2" -j 2 -T "$1" -P 10 -D accounts="$ACCOUNTS" -f transfer.sql postgres 2>&1 \
    | grep -E 'progress|tps|latency average'
psql -h "$D" -p 55432 -U postgres -f stats.sql
