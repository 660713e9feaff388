#!/bin/bash
# Runs once, when the official postgres image initialises an empty data directory
# (/docker-entrypoint-initdb.d), as the superuser, on database $POSTGRES_DB.
#
# It creates the two login roles of a bank node's database:
#   $BANK_NODE_DB_USER      (default bank_node)     the node itself, member of bank_writer
#   $BANK_ANALYST_DB_USER   (default bank_analyst)  analysts, member of bank_reader
#
# The groups bank_writer and bank_reader belong to the schema: Flyway's V4 creates them and
# grants them their privileges. But the node migrates only when it starts, after this script, so
# the groups do not exist yet. This script therefore creates them itself, NOLOGIN and without any
# privilege, with the same idempotent "create if missing" as V4; V4 then finds them and only
# grants. The node migrates as the superuser (BANK_MIGRATE_USER) and then connects as
# $BANK_NODE_DB_USER, which can never UPDATE or DELETE events.
#
# Passwords come from the environment and go through psql variables (:'name'), which quote them
# as SQL literals: no password text is ever pasted into SQL by the shell.
set -eo pipefail

node_user="${BANK_NODE_DB_USER:-bank_node}"
analyst_user="${BANK_ANALYST_DB_USER:-bank_analyst}"
: "${BANK_NODE_DB_PASSWORD:?set BANK_NODE_DB_PASSWORD (see .env.example)}"
: "${BANK_ANALYST_DB_PASSWORD:?set BANK_ANALYST_DB_PASSWORD (see .env.example)}"

psql --no-psqlrc -v ON_ERROR_STOP=1 --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
     -v node_user="$node_user" -v node_password="$BANK_NODE_DB_PASSWORD" \
     -v analyst_user="$analyst_user" -v analyst_password="$BANK_ANALYST_DB_PASSWORD" <<'SQL'
-- The groups, exactly as V4__roles_and_views.sql creates them when they are missing.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bank_writer') THEN
        CREATE ROLE bank_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bank_reader') THEN
        CREATE ROLE bank_reader NOLOGIN;
    END IF;
END
$$;

-- The logins: created if missing, their password set either way (as Migrations.ensureLoginRole does).
SELECT format('CREATE ROLE %I LOGIN', :'node_user')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'node_user') \gexec
SELECT format('CREATE ROLE %I LOGIN', :'analyst_user')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'analyst_user') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'node_user', :'node_password') \gexec
SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'analyst_user', :'analyst_password') \gexec
SELECT format('GRANT bank_writer TO %I', :'node_user') \gexec
SELECT format('GRANT bank_reader TO %I', :'analyst_user') \gexec
SQL
echo "bank roles ready: $node_user (bank_writer), $analyst_user (bank_reader)"
