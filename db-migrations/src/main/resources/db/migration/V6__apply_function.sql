-- Applying a group of chosen batches is one statement: the node sends every row of the group as
-- arrays and PostgreSQL does the inserts in one go. A single statement is atomic on its own and
-- costs one round trip instead of one per table, which matters when the node, its peers and
-- their databases share a few cores. The writes are exactly those of the multi-statement
-- version: the chosen log, events, outcomes, projections, progress, and pruning of the acceptor
-- entries the chosen log now covers. SECURITY INVOKER: it runs with the caller's privileges, so
-- bank_writer still cannot UPDATE or DELETE events through it.
-- Times travel as epoch milliseconds and ids as text; both are converted exactly here.
CREATE FUNCTION bank_apply(
    log_slot bigint[], log_value bytea[],
    ev_seq bigint[], ev_slot bigint[], ev_command text[], ev_type text[], ev_payload text[],
    ev_time_ms bigint[], ev_prev bytea[], ev_hash bytea[],
    out_command text[], out_seq bigint[], out_slot bigint[], out_status text[], out_reason text[], out_reply text[],
    acc_id text[], acc_owner text[], acc_currency text[], acc_balance bigint[], acc_status text[],
    acc_version bigint[], acc_opened bigint[], acc_last bigint[],
    his_account text[], his_seq bigint[], his_slot bigint[], his_command text[], his_type text[],
    his_amount bigint[], his_balance bigint[], his_counterparty text[], his_time_ms bigint[],
    new_applied_slot bigint, new_last_seq bigint, new_last_hash bytea)
RETURNS void
LANGUAGE plpgsql SECURITY INVOKER AS $$
BEGIN
    INSERT INTO chosen_slots (slot, value) SELECT * FROM unnest(log_slot, log_value);

    INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash)
    SELECT e.seq, e.slot, e.command::uuid, e.type, e.payload, timestamptz 'epoch' + e.ms * interval '1 millisecond',
           e.prev, e.hash
    FROM unnest(ev_seq, ev_slot, ev_command, ev_type, ev_payload, ev_time_ms, ev_prev, ev_hash)
         AS e(seq, slot, command, type, payload, ms, prev, hash);

    INSERT INTO command_outcomes (command_id, seq, slot, status, reason, reply)
    SELECT o.command::uuid, o.seq, o.slot, o.status, o.reason, o.reply
    FROM unnest(out_command, out_seq, out_slot, out_status, out_reason, out_reply)
         AS o(command, seq, slot, status, reason, reply);

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
