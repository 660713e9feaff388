-- The event store of one bank node: the append-only log of ledger events, chained by hash.
-- The ledger produces each event's canonical JSON bytes (fixed field order); the hash chain is
-- computed over those bytes by the ledger, never over what PostgreSQL returns from jsonb, so equal
-- logs give equal hashes on every node. `payload` is derived from them for SQL queries.

CREATE TABLE events (
    seq               bigint      PRIMARY KEY CHECK (seq > 0),
    slot              bigint      NOT NULL CHECK (slot > 0),
    command_id        uuid        NOT NULL,
    type              text        NOT NULL CHECK (type IN ('AccountOpened', 'Deposited', 'Withdrawn',
                                                           'TransferCompleted', 'AccountClosed',
                                                           'CommandRejected')),
    payload_canonical text        NOT NULL,
    payload           jsonb       GENERATED ALWAYS AS (payload_canonical::jsonb) STORED,
    event_time        timestamptz NOT NULL,
    prev_hash         bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash              bytea       NOT NULL CHECK (length(hash) = 32),
    -- A command has exactly one event (its effect or its rejection), never two.
    CONSTRAINT events_command_id_unique UNIQUE (command_id),
    CONSTRAINT events_hash_unique UNIQUE (hash)
);
CREATE INDEX events_slot_idx ON events (slot);

-- Append-only, even for the table's owner: the node role lacks the privileges (see V4), and this
-- trigger stops an owner or superuser who forgets.
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END
$$;
CREATE TRIGGER events_no_update_delete BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- The outcome of every mutating command, by its idempotency key, for ever: a retry returns it.
CREATE TABLE command_outcomes (
    command_id uuid   PRIMARY KEY,
    seq        bigint NOT NULL UNIQUE REFERENCES events (seq),
    slot       bigint NOT NULL CHECK (slot > 0),
    status     text   NOT NULL CHECK (status IN ('OK', 'REJECTED')),
    reason     text   CHECK ((status = 'OK') = (reason IS NULL)),
    reply      text   NOT NULL
);

-- How far this node has applied the replicated log, and the head of its hash chain.
CREATE TABLE node_progress (
    singleton    boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    applied_slot bigint  NOT NULL CHECK (applied_slot >= 0),
    last_seq     bigint  NOT NULL CHECK (last_seq >= 0),
    last_hash    bytea   NOT NULL CHECK (length(last_hash) = 32)
);
INSERT INTO node_progress (singleton, applied_slot, last_seq, last_hash)
VALUES (true, 0, 0, decode(repeat('00', 32), 'hex'));
