-- Session 26: the history's rows written by INSERT ... SELECT (as bank_apply does) against COPY, on
-- a scratch PostgreSQL 18 (fsync on, synchronous_commit on, io_method sync; started as in
-- ../../2026-11-28-2core-session24/pgbench/run.sh, port 55433). A table shaped like
-- account_history, 10 batches of 8,000 rows (4,000 transfers over 10,000 accounts) written first,
-- then measure.py alternates 30 more batches: INSERT from a source table, COPY from a CSV file of the
-- same rows (written beforehand by the COPY ... TO loop below, run from a shell).
CREATE TABLE h (account_id text NOT NULL, seq bigint NOT NULL, slot bigint NOT NULL CHECK (slot > 0), command_id uuid NOT NULL,
  type text NOT NULL, amount_minor bigint NOT NULL, balance_after_minor bigint NOT NULL CHECK (balance_after_minor >= 0),
  counterparty_account_id text, event_time timestamptz NOT NULL, PRIMARY KEY (account_id, seq));
CREATE TABLE src AS SELECT g / 8000 AS batch, 'acct-' || (random()*9999)::int AS account_id, g AS seq, 1 + g/500 AS slot,
  gen_random_uuid() AS command_id, 'TransferCompleted' AS type, (random()*1000)::bigint AS amount_minor,
  (random()*1000000)::bigint AS balance_after_minor, 'acct-' || (random()*9999)::int AS counterparty_account_id, now() AS event_time
  FROM generate_series(0, 8000*40-1) g;
INSERT INTO h SELECT account_id, seq, slot, command_id, type, amount_minor, balance_after_minor, counterparty_account_id, event_time
  FROM src WHERE batch < 10;
-- for k in 10..39: COPY (SELECT account_id, seq, slot, command_id, type, amount_minor, balance_after_minor,
--   counterparty_account_id, event_time FROM src WHERE batch = k) TO '<dir>/csv/b<k>.csv' (FORMAT csv)
