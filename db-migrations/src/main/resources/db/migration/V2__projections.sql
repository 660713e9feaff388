-- Projections derived from the events, updated in the same transaction as the events they come
-- from, so they are never behind the log on this node. rebuild-projections replays the events
-- into fresh copies of these tables and must reproduce them exactly.

CREATE TABLE accounts (
    account_id    text    PRIMARY KEY CHECK (account_id ~ '^[A-Za-z0-9_.-]{1,64}$'),
    owner         text    NOT NULL CHECK (length(owner) BETWEEN 1 AND 200),
    currency      char(3) NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance_minor bigint  NOT NULL CHECK (balance_minor >= 0),
    status        text    NOT NULL CHECK (status IN ('OPEN', 'CLOSED')),
    version       bigint  NOT NULL CHECK (version > 0),
    opened_seq    bigint  NOT NULL REFERENCES events (seq),
    last_seq      bigint  NOT NULL REFERENCES events (seq),
    CHECK (status = 'OPEN' OR balance_minor = 0)
);

-- One row per effect on an account: a statement line with the balance after it.
CREATE TABLE account_history (
    account_id              text        NOT NULL REFERENCES accounts (account_id),
    seq                     bigint      NOT NULL REFERENCES events (seq),
    slot                    bigint      NOT NULL CHECK (slot > 0),
    command_id              uuid        NOT NULL,
    type                    text        NOT NULL,
    amount_minor            bigint      NOT NULL,
    balance_after_minor     bigint      NOT NULL CHECK (balance_after_minor >= 0),
    counterparty_account_id text,
    event_time              timestamptz NOT NULL,
    PRIMARY KEY (account_id, seq)
);
