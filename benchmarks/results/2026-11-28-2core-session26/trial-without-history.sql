-- Trial (session 26), not a migration: bank_apply without the account_history insert, the upper
-- bound of what a history kept as index entries on events instead of rows of its own could save.

CREATE OR REPLACE FUNCTION bank_apply(
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
DECLARE
    previous_applied_slot bigint;
BEGIN
    SELECT applied_slot INTO previous_applied_slot FROM node_progress;

    INSERT INTO chosen_slots (slot, value) SELECT unnest(log_slot), unnest(log_value);

    INSERT INTO events (seq, slot, command_id, type, payload_canonical, event_time, prev_hash, hash,
                        status, reason, reply)
    SELECT e.seq, e.slot, e.command::uuid, e.type, e.payload, timestamptz 'epoch' + e.ms * interval '1 millisecond',
           e.prev, e.hash, e.status, e.reason, e.reply
    FROM (SELECT unnest(ev_seq) AS seq, unnest(ev_slot) AS slot, unnest(ev_command) AS command,
                 unnest(ev_type) AS type, unnest(ev_payload) AS payload, unnest(ev_time_ms) AS ms,
                 unnest(ev_prev) AS prev, unnest(ev_hash) AS hash, unnest(ev_status) AS status,
                 unnest(ev_reason) AS reason, unnest(ev_reply) AS reply) e;

    -- An account opened earlier keeps its owner, currency and opened_seq, as with the upsert.
    -- "= ANY (acc_id)" lets the planner find the rows through the primary key: joined to the
    -- unnest alone it read the whole table (see the header).
    WITH changed AS (
        SELECT * FROM unnest(acc_id, acc_owner, acc_currency, acc_balance, acc_status, acc_version, acc_opened,
                             acc_last)
            AS c(account_id, owner, currency, balance_minor, status, version, opened_seq, last_seq)
    ), updated AS (
        UPDATE accounts a SET balance_minor = c.balance_minor, status = c.status, version = c.version,
                              last_seq = c.last_seq
        FROM changed c WHERE a.account_id = ANY (acc_id) AND a.account_id = c.account_id
        RETURNING a.account_id
    )
    INSERT INTO accounts (account_id, owner, currency, balance_minor, status, version, opened_seq, last_seq)
    SELECT * FROM changed c WHERE c.account_id NOT IN (SELECT account_id FROM updated);

    IF new_last_hash IS NULL THEN
        UPDATE node_progress SET applied_slot = new_applied_slot WHERE applied_slot < new_applied_slot;
    ELSE
        UPDATE node_progress SET applied_slot = new_applied_slot, last_seq = new_last_seq, last_hash = new_last_hash,
            -- GREATEST ignores a NULL: no version-7 id in this group, or none ever applied before.
            -- The ids arrive in canonical form (lower case), so their byte order is their order.
            newest_v7_command_id = GREATEST(newest_v7_command_id,
                (SELECT max(c COLLATE "C") FROM unnest(ev_command) c WHERE substr(c, 15, 1) = '7')::uuid)
        WHERE applied_slot < new_applied_slot;
    END IF;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'applied slot % is not ahead of the store''s', new_applied_slot;
    END IF;
    DELETE FROM acceptor_accepted WHERE slot > previous_applied_slot AND slot <= new_applied_slot;
END
$$;
