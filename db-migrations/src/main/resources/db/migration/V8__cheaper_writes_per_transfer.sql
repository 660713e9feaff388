-- Three costs of every applied transfer that a CPU profile of the benchmark (perf, all processes,
-- BENCHMARKS.md) showed in PostgreSQL, with the same guarantees kept in cheaper forms.

-- 1. The CHECKs on accounts used regular expressions, evaluated on every upsert of an account row,
--    so twice per transfer: PostgreSQL's regex engine took 13% of the servers' CPU. The same rules
--    without a regex: an account id is 1-64 characters, all of them in [A-Za-z0-9_.-] (ltrim of
--    the allowed characters leaves nothing), and a currency is three of [A-Z].
ALTER TABLE accounts DROP CONSTRAINT accounts_account_id_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_account_id_check CHECK (
    length(account_id) BETWEEN 1 AND 64
    AND ltrim(account_id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') = '');
ALTER TABLE accounts DROP CONSTRAINT accounts_currency_check;
ALTER TABLE accounts ADD CONSTRAINT accounts_currency_check CHECK (
    length(currency) = 3 AND ltrim(currency, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '');

-- 2. A slot's value (a batch of commands, tens of kilobytes under load) was compressed with pglz
--    twice, once as the acceptor's accepted value and once in the chosen log: 4% of the servers'
--    CPU. Stored uncompressed (still out of line), it costs WAL bytes instead, which are cheaper.
ALTER TABLE acceptor_accepted ALTER COLUMN value SET STORAGE EXTERNAL;
ALTER TABLE chosen_slots ALTER COLUMN value SET STORAGE EXTERNAL;

-- 3. An outcome's foreign key to its event cost an index probe and a row lock per command, and
--    the unique index on its seq another index entry. Like the projections' keys in V7, what they
--    guarded becomes part of the reconciliation (the primary key on command_id, the idempotency
--    key, stays):
--      outcome_without_event   an outcome whose seq is no event of its command (subject: command
--                              id, actual: the seq)
--      event_without_outcome   an event whose command has no outcome (subject: command id,
--                              actual: the event's seq)
ALTER TABLE command_outcomes DROP CONSTRAINT command_outcomes_seq_fkey;
ALTER TABLE command_outcomes DROP CONSTRAINT command_outcomes_seq_key;

ALTER VIEW reporting.reconciliation RENAME TO reconciliation_projections;

CREATE VIEW reporting.reconciliation AS
SELECT kind, subject, expected, actual
FROM reporting.reconciliation_projections
UNION ALL
SELECT 'outcome_without_event', o.command_id::text, NULL::numeric, o.seq::numeric
FROM command_outcomes o
WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.seq = o.seq AND e.command_id = o.command_id)
UNION ALL
SELECT 'event_without_outcome', e.command_id::text, NULL::numeric, e.seq::numeric
FROM events e
WHERE NOT EXISTS (SELECT 1 FROM command_outcomes o WHERE o.command_id = e.command_id);

GRANT SELECT ON reporting.reconciliation TO bank_reader;
