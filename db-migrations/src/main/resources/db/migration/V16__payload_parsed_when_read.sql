-- Each event's payload was stored twice: as the ledger's canonical text (payload_canonical, which
-- the hash chain covers and the node reads back) and as a generated, stored jsonb copy (payload)
-- for the analysts' views. Every node wrote and WAL-logged both for every event, and PostgreSQL
-- parsed each payload into jsonb on the way in, though no node and no index ever read the copy.
-- Measured on one server's apply transaction (benchmarks/apply-cost.sh --acceptor-writes, groups
-- of 200 and 2,000 transfers, BENCHMARKS.md session 19), dropping the copy saved 5-12% of the
-- server's CPU per transfer.
--
-- The views now parse payload_canonical when they are read, so reporting.events still has its
-- jsonb column "payload" and the analysts' queries are unchanged; only reading many events' payloads
-- costs the parse at that moment. The table keeps its guard: a payload that is not a JSON object
-- is still refused (check_violation, 23514, where the failed cast raised 22P02 before). NOT VALID
-- because every row already there passed the stronger jsonb cast; new rows are checked.
--
-- The two analyst views that read payloads are V5's, restated with the parse in place of the
-- column (reconciliation_balances is V5's reporting.reconciliation, renamed by V7).
--
-- IS JSON is PostgreSQL 16's: on an older server this migration stops here, with a message that
-- says so, and changes nothing.
DO $$
BEGIN
    IF current_setting('server_version_num')::int < 160000 THEN
        RAISE EXCEPTION 'migration V16 needs PostgreSQL 16 or newer (IS JSON); this server is %',
            current_setting('server_version');
    END IF;
END
$$;

CREATE OR REPLACE VIEW reporting.events AS
SELECT seq, slot, command_id, type, payload_canonical::jsonb AS payload, event_time, encode(hash, 'hex') AS hash_hex
FROM events;

CREATE OR REPLACE VIEW reporting.daily_totals AS
WITH classified AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day,
           e.type,
           CASE WHEN e.type = 'CommandRejected'
                THEN coalesce(e.payload -> 'command' ->> 'currency', subject.currency)
                ELSE subject.currency
           END AS currency,
           (e.payload ->> 'amountMinor')::numeric AS amount_minor
    FROM (SELECT type, event_time, payload_canonical::jsonb AS payload FROM events) e
    LEFT JOIN accounts subject ON subject.account_id = coalesce(
            e.payload ->> 'accountId', e.payload ->> 'fromAccountId',
            e.payload -> 'command' ->> 'accountId', e.payload -> 'command' ->> 'fromAccountId')
    WHERE e.type IN ('Deposited', 'Withdrawn', 'TransferCompleted', 'CommandRejected')
)
SELECT day,
       currency::char(3)                                                          AS currency,
       count(*) FILTER (WHERE type = 'Deposited')                                 AS deposit_count,
       coalesce(sum(amount_minor) FILTER (WHERE type = 'Deposited'), 0)           AS deposits_minor,
       count(*) FILTER (WHERE type = 'Withdrawn')                                 AS withdrawal_count,
       coalesce(sum(amount_minor) FILTER (WHERE type = 'Withdrawn'), 0)           AS withdrawals_minor,
       count(*) FILTER (WHERE type = 'TransferCompleted')                         AS transfer_count,
       coalesce(sum(amount_minor) FILTER (WHERE type = 'TransferCompleted'), 0)   AS transfers_minor,
       count(*) FILTER (WHERE type = 'CommandRejected')                           AS rejected_count,
       coalesce(sum(amount_minor) FILTER (WHERE type = 'Deposited'), 0)
           - coalesce(sum(amount_minor) FILTER (WHERE type = 'Withdrawn'), 0)     AS net_minor
FROM classified
GROUP BY day, currency;

CREATE OR REPLACE VIEW reporting.reconciliation_balances AS
WITH history_fold AS (
    SELECT account_id,
           sum(amount_minor) AS sum_minor,
           (array_agg(balance_after_minor ORDER BY seq DESC))[1] AS last_balance_after_minor
    FROM account_history
    GROUP BY account_id
),
per_account AS (
    SELECT a.account_id,
           a.balance_minor::numeric AS balance_minor,
           coalesce(f.sum_minor, 0) AS history_sum_minor,
           f.last_balance_after_minor::numeric AS last_balance_after_minor
    FROM accounts a
    LEFT JOIN history_fold f ON f.account_id = a.account_id
),
event_money AS (
    SELECT a.currency,
           sum(CASE e.type WHEN 'Deposited' THEN (e.payload ->> 'amountMinor')::numeric
                           ELSE -(e.payload ->> 'amountMinor')::numeric END) AS net_minor
    FROM (SELECT type, event_time, payload_canonical::jsonb AS payload FROM events) e
    JOIN accounts a ON a.account_id = e.payload ->> 'accountId'
    WHERE e.type IN ('Deposited', 'Withdrawn')
    GROUP BY a.currency
),
balance_totals AS (
    SELECT currency, sum(balance_minor) AS total_minor
    FROM accounts
    GROUP BY currency
)
SELECT 'account_balance_vs_history_sum'::text AS kind,
       account_id                             AS subject,
       history_sum_minor                      AS expected,
       balance_minor                          AS actual
FROM per_account
WHERE balance_minor <> history_sum_minor
UNION ALL
SELECT 'account_balance_vs_last_history', account_id, last_balance_after_minor, balance_minor
FROM per_account
WHERE balance_minor IS DISTINCT FROM last_balance_after_minor
UNION ALL
SELECT 'currency_total_vs_events', coalesce(t.currency, m.currency)::text,
       coalesce(m.net_minor, 0), coalesce(t.total_minor, 0)
FROM balance_totals t
FULL JOIN event_money m ON m.currency = t.currency
WHERE coalesce(m.net_minor, 0) <> coalesce(t.total_minor, 0);

ALTER TABLE events DROP COLUMN payload;
ALTER TABLE events ADD CONSTRAINT events_payload_canonical_is_json_object
    CHECK (payload_canonical IS JSON OBJECT) NOT VALID;
