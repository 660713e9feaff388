\set a random(1, :accounts)
\set b 1 + (:a + random(0, :accounts - 2)) % :accounts
\set amt random(1, 1000)
BEGIN;
SELECT account_id, currency, balance_minor FROM baseline_accounts WHERE account_id IN ('hot-' || :a, 'hot-' || :b) ORDER BY account_id FOR UPDATE;
UPDATE baseline_accounts SET balance_minor = balance_minor - :amt WHERE account_id = 'hot-' || :a;
UPDATE baseline_accounts SET balance_minor = balance_minor + :amt WHERE account_id = 'hot-' || :b;
INSERT INTO baseline_history (command_id, account_id, amount_minor, balance_after_minor, counterparty_account_id) VALUES (gen_random_uuid(), 'hot-' || :a, -(:amt::bigint), 0, 'hot-' || :b), (gen_random_uuid(), 'hot-' || :b, :amt::bigint, 0, 'hot-' || :a);
COMMIT;
