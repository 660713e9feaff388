-- The CHECKs V15 replaced, restored for the comparison of apply-cost.sh --compare-sql (session 16).
DROP TRIGGER accounts_id_and_currency_format ON accounts;
ALTER TABLE accounts ADD CONSTRAINT accounts_account_id_check CHECK (
    length(account_id) BETWEEN 1 AND 64
    AND ltrim(account_id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') = '');
ALTER TABLE accounts ADD CONSTRAINT accounts_currency_check CHECK (
    length(currency) = 3 AND ltrim(currency, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '');
