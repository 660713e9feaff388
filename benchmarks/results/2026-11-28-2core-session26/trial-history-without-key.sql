-- Trial (session 26), not a migration: the history's rows without their primary key (account_id, seq).
ALTER TABLE account_history DROP CONSTRAINT account_history_pkey;
