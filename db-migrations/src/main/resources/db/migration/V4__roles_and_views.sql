-- Roles are cluster-wide, and several node databases may share one server: create them once.
-- bank_writer: what a node needs, and never UPDATE, DELETE or TRUNCATE on events.
-- bank_reader: the documented views of schema reporting, and nothing else.
-- Both are NOLOGIN groups; deployments grant them to login users (see Migrations.ensureLoginRole).
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

REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;

GRANT USAGE ON SCHEMA public TO bank_writer;
GRANT SELECT, INSERT ON events, command_outcomes TO bank_writer;
GRANT SELECT, UPDATE ON node_progress TO bank_writer;
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON accounts, account_history TO bank_writer;
GRANT SELECT, INSERT, UPDATE, DELETE ON acceptor_promise, acceptor_accepted TO bank_writer;
GRANT SELECT, INSERT ON chosen_slots TO bank_writer;

CREATE SCHEMA reporting;
REVOKE ALL ON SCHEMA reporting FROM PUBLIC;
GRANT USAGE ON SCHEMA reporting TO bank_reader, bank_writer;

CREATE VIEW reporting.balances AS
SELECT account_id, owner, currency, balance_minor, status, version, last_seq
FROM accounts;

CREATE VIEW reporting.account_history AS
SELECT account_id, seq, slot, command_id, type, amount_minor, balance_after_minor,
       counterparty_account_id, event_time
FROM account_history;

CREATE VIEW reporting.events AS
SELECT seq, slot, command_id, type, payload, event_time, encode(hash, 'hex') AS hash_hex
FROM events;

CREATE VIEW reporting.node_progress AS
SELECT applied_slot, last_seq, encode(last_hash, 'hex') AS last_hash_hex
FROM node_progress;

GRANT SELECT ON ALL TABLES IN SCHEMA reporting TO bank_reader;
