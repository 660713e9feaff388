-- Views for analysts (group bank_reader): a statement with a running balance, daily totals per
-- currency, and a reconciliation that is empty when the projections agree with the event log.
-- Like the views of V4 they run with their owner's privileges (no security_invoker), so a reader
-- sees what they compute and never the tables behind them.
--
-- Sums are left as numeric, not cast to bigint: a total of many bigint amounts may exceed 2^63-1,
-- and a reconciliation must report a broken balance, never fail with an overflow itself.

-- One line per effect on an account, in seq order, with the balance recomputed from the signed
-- amounts. running_balance_minor = balance_after_minor on every line while the history is sound
-- (reporting.reconciliation checks the final balance of each account).
CREATE VIEW reporting.account_statement AS
SELECT h.account_id,
       a.currency,
       h.seq,
       h.slot,
       h.event_time,
       h.type,
       h.amount_minor,
       h.balance_after_minor,
       h.counterparty_account_id,
       h.command_id,
       sum(h.amount_minor) OVER (PARTITION BY h.account_id ORDER BY h.seq
                                 ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) AS running_balance_minor
FROM account_history h
JOIN accounts a ON a.account_id = h.account_id;

-- Per UTC day and currency, from the events themselves (not the projections): money in, money
-- out, money moved between accounts, and commands the ledger rejected. net_minor is what the day
-- changed the currency's total balance by (transfers move money but do not change the total).
-- A rejection is counted under the currency its command names (open-account), else under that
-- of its account (deposit, withdraw, close) or sending account (transfer); a rejection for an
-- account that does not exist has no currency and is counted under currency NULL.
CREATE VIEW reporting.daily_totals AS
WITH classified AS (
    SELECT (e.event_time AT TIME ZONE 'UTC')::date AS day,
           e.type,
           CASE WHEN e.type = 'CommandRejected'
                THEN coalesce(e.payload -> 'command' ->> 'currency', subject.currency)
                ELSE subject.currency
           END AS currency,
           (e.payload ->> 'amountMinor')::numeric AS amount_minor
    FROM events e
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

-- Empty when all is well; otherwise one row per problem found, as (kind, subject, expected,
-- actual). "expected" is what the history or the event log says, "actual" what the projection
-- holds. Kinds:
--   account_balance_vs_history_sum   accounts.balance_minor differs from the sum of the account's
--                                     history amounts (subject: account id)
--   account_balance_vs_last_history  accounts.balance_minor differs from the balance after the
--                                     account's last history line, or it has none (account id)
--   currency_total_vs_events         the sum of the currency's balances differs from its deposits
--                                     minus its withdrawals in the event payloads (subject:
--                                     currency; an event's currency is that of its account)
CREATE VIEW reporting.reconciliation AS
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
    FROM events e
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

GRANT SELECT ON reporting.account_statement, reporting.daily_totals, reporting.reconciliation TO bank_reader;
