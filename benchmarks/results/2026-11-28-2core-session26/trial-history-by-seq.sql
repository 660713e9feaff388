-- Trial (session 26), not a migration: the history's rows keyed by (seq, account_id), whose keys only
-- grow, instead of (account_id, seq): what a history read as a chain per account would write.
ALTER TABLE account_history DROP CONSTRAINT account_history_pkey;
ALTER TABLE account_history ADD PRIMARY KEY (seq, account_id);
