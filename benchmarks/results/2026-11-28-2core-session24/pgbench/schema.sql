DROP TABLE IF EXISTS baseline_history;
DROP TABLE IF EXISTS baseline_accounts;
CREATE TABLE baseline_accounts (
    account_id    text PRIMARY KEY,
    currency      char(3) NOT NULL,
    balance_minor bigint NOT NULL CHECK (balance_minor >= 0)
);
CREATE TABLE baseline_history (
    id                      bigserial PRIMARY KEY,
    command_id              uuid NOT NULL,
    account_id              text NOT NULL REFERENCES baseline_accounts (account_id),
    amount_minor            bigint NOT NULL,
    balance_after_minor     bigint NOT NULL,
    counterparty_account_id text NOT NULL,
    at                      timestamptz NOT NULL DEFAULT now()
) WITH (autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0,
        autovacuum_freeze_min_age = 0, autovacuum_analyze_threshold = 500000);
INSERT INTO baseline_accounts SELECT 'hot-' || i, 'EUR', 1000000000000 FROM generate_series(1, :accounts) i;
ANALYZE baseline_accounts;
