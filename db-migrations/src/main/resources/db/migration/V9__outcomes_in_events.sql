-- Two indexes with random keys, which the benchmark showed costing a third of PostgreSQL's CPU per
-- transfer on the hot mix (BENCHMARKS.md): every insert lands on a random leaf page, and after
-- each checkpoint the first change to each page writes the whole page to the WAL.
--
-- 1. A command has exactly one event and exactly one outcome, both keyed by its command id, so
--    the outcome (status, reason, the first reply) becomes three columns of its event. The
--    command id stays unique through events_command_id_unique, which now guards the event and the
--    outcome at once, and a retry reads its reply from the event. The table command_outcomes goes
--    with its primary key, the second random index on the same ids; a view of the same name and
--    columns keeps existing queries working. V8's outcome_without_event and
--    event_without_outcome can no longer happen and leave the reconciliation.
-- 2. events_hash_unique goes. A hash is a SHA-256 over the previous hash and the canonical event,
--    so it is unique whenever the chain is right, and the index never checked that the chain is
--    right; nothing looks events up by hash. The chain is extended by the ledger only, and
--    `bank verify` compares the nodes' hashes at a common seq.

-- An outcome without its event, or an event without its outcome, cannot be merged: say so rather
-- than lose one.
DO $$
DECLARE
    orphans bigint;
BEGIN
    SELECT count(*) INTO orphans FROM reporting.reconciliation
    WHERE kind IN ('outcome_without_event', 'event_without_outcome');
    IF orphans > 0 THEN
        RAISE EXCEPTION 'V9 cannot move outcomes into their events: % rows of reporting.reconciliation '
                        'pair no event with an outcome; repair them first', orphans;
    END IF;
END
$$;

ALTER TABLE events ADD COLUMN status text, ADD COLUMN reason text, ADD COLUMN reply text;

-- The one rewrite of existing events: it adds their outcomes and changes no earlier column (the
-- hash chain covers payload_canonical only). The append-only trigger is off for this statement,
-- inside the migration's transaction.
ALTER TABLE events DISABLE TRIGGER events_no_update_delete;
UPDATE events e SET status = o.status, reason = o.reason, reply = o.reply
FROM command_outcomes o WHERE o.command_id = e.command_id;
ALTER TABLE events ENABLE TRIGGER events_no_update_delete;

ALTER TABLE events ALTER COLUMN status SET NOT NULL;
ALTER TABLE events ALTER COLUMN reply SET NOT NULL;
ALTER TABLE events ADD CONSTRAINT events_status_check CHECK (status IN ('OK', 'REJECTED'));
ALTER TABLE events ADD CONSTRAINT events_reason_check CHECK ((status = 'OK') = (reason IS NULL));
-- A rejection is the only event with a rejected outcome, and the other way round.
ALTER TABLE events ADD CONSTRAINT events_rejected_check CHECK ((type = 'CommandRejected') = (status = 'REJECTED'));

ALTER TABLE events DROP CONSTRAINT events_hash_unique;

CREATE OR REPLACE VIEW reporting.reconciliation AS
SELECT kind, subject, expected, actual
FROM reporting.reconciliation_projections;

DROP TABLE command_outcomes;

CREATE VIEW command_outcomes AS
SELECT command_id, seq, slot, status, reason, reply
FROM events;
GRANT SELECT ON command_outcomes TO bank_writer;

-- bank_apply writes each outcome with its event; its other writes are V6's.
DROP FUNCTION bank_apply(bigint[], bytea[],
    bigint[], bigint[], text[], text[], text[], bigint[], bytea[], bytea[],
    text[], bigint[], bigint[], text[], text[], text[],
    text[], text[], text[], bigint[], text[], bigint[], bigint[], bigint[],
    text[], bigint[], bigint[], text[], text[], bigint[], bigint[], text[], bigint[],
    bigint, bigint, bytea);

CREATE FUNCTION bank_apply(
    log_slot bigint[], log_value bytea[],
    ev_seq bigint[], ev_slot bigint[], ev_command text[], ev_type text[], ev_payload text[],
    ev_time_ms bigint[], ev_prev bytea[], ev_hash bytea[],
    ev_status text[], ev_reason text[], ev_reply text[],
    acc_id text[], acc_owner text[], acc_currency text[], acc_balance bigint[], acc_status text[],
    acc_version bigint[], acc_opened bigint[], acc_last bigint[],
    his_account text[], his_seq bigint[], his_slot bigint[], his_command text[], his_type text[],
    his_amount bigint[], his_balance bigint[], his_counterparty text[], his_time_ms bigint[],
    new_applied_slot bigint, new_last_seq bigint, new_last_hash bytea)
RETURNS void
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    INSERT INTO chosen_slots (slot, value) SELECT * FROM unnest(log_slot, log_value);

    INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash,
                        status, reason, reply)
    SELECT e.seq, e.slot, e.command::uuid, e.type, e.payload, timestamptz 'epoch' + e.ms * interval '1 millisecond',
           e.prev, e.hash, e.status, e.reason, e.reply
    FROM unnest(ev_seq, ev_slot, ev_command, ev_type, ev_payload, ev_time_ms, ev_prev, ev_hash,
                ev_status, ev_reason, ev_reply)
         AS e(seq, slot, command, type, payload, ms, prev, hash, status, reason, reply);

    INSERT INTO accounts (account_id, owner, currency, balance_minor, status, version, opened_seq, last_seq)
    SELECT * FROM unnest(acc_id, acc_owner, acc_currency, acc_balance, acc_status, acc_version, acc_opened, acc_last)
    ON CONFLICT (account_id) DO UPDATE SET balance_minor = excluded.balance_minor, status = excluded.status,
        version = excluded.version, last_seq = excluded.last_seq;

    INSERT INTO account_history (account_id, seq, slot, command_id, type, amount_minor, balance_after_minor,
                                 counterparty_account_id, event_time)
    SELECT h.account, h.seq, h.slot, h.command::uuid, h.type, h.amount, h.balance, h.counterparty,
           timestamptz 'epoch' + h.ms * interval '1 millisecond'
    FROM unnest(his_account, his_seq, his_slot, his_command, his_type, his_amount, his_balance, his_counterparty,
                his_time_ms) AS h(account, seq, slot, command, type, amount, balance, counterparty, ms);

    IF new_last_hash IS NULL THEN
        UPDATE node_progress SET applied_slot = new_applied_slot WHERE applied_slot < new_applied_slot;
    ELSE
        UPDATE node_progress SET applied_slot = new_applied_slot, last_seq = new_last_seq, last_hash = new_last_hash
        WHERE applied_slot < new_applied_slot;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'applied slot % is not ahead of the store''s', new_applied_slot;
    END IF;
    DELETE FROM acceptor_accepted WHERE slot <= new_applied_slot;
END
$$;

REVOKE ALL ON FUNCTION bank_apply FROM PUBLIC;
GRANT EXECUTE ON FUNCTION bank_apply TO bank_writer;
