-- The format rules of an account's id and currency (V8) were CHECK constraints, and PostgreSQL
-- evaluates every CHECK of a table on every UPDATE of a row, whichever columns it sets. The apply
-- updates two accounts per transfer (balance, version, last_seq) and never sets either column;
-- the ltrim of the id over its 65 allowed characters was still run for each of them. Profiled with
-- call graphs (perf --call-graph dwarf) on one server applying groups of 2,000 transfers
-- (benchmarks/apply-cost.sh), the CHECKs took 11% of the server's CPU, nine tenths of that under
-- the UPDATE (BENCHMARKS.md, session 16).
--
-- The same rules are now checked by a trigger that fires only when a row is inserted or an UPDATE
-- sets one of the two columns, which is the only way either can change; a refused row raises
-- check_violation (SQLSTATE 23514), as the CHECKs did. A trigger, unlike a CHECK, is skipped when
-- session_replication_role is 'replica', which only a superuser can set; the node's role cannot.
-- The cheap CHECKs of the table (balance, status, version, owner) stay as they are.
ALTER TABLE accounts DROP CONSTRAINT accounts_account_id_check;
ALTER TABLE accounts DROP CONSTRAINT accounts_currency_check;

CREATE FUNCTION accounts_check_id_and_currency() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT (length(NEW.account_id) BETWEEN 1 AND 64
            AND ltrim(NEW.account_id, 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.-') = '') THEN
        RAISE EXCEPTION 'account id % is not 1-64 of [A-Za-z0-9_.-]', quote_literal(NEW.account_id)
            USING ERRCODE = 'check_violation', TABLE = 'accounts', COLUMN = 'account_id';
    END IF;
    IF NOT (length(NEW.currency) = 3 AND ltrim(NEW.currency, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ') = '') THEN
        RAISE EXCEPTION 'currency % of account % is not three of [A-Z]', quote_literal(NEW.currency),
            quote_literal(NEW.account_id)
            USING ERRCODE = 'check_violation', TABLE = 'accounts', COLUMN = 'currency';
    END IF;
    RETURN NEW;
END
$$;

CREATE TRIGGER accounts_id_and_currency_format
    BEFORE INSERT OR UPDATE OF account_id, currency ON accounts
    FOR EACH ROW EXECUTE FUNCTION accounts_check_id_and_currency();
