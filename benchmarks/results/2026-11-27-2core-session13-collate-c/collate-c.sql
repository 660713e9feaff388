-- Trial only: the account id columns in byte order. The views that read them are dropped, not restated.
DROP SCHEMA reporting CASCADE;
DROP VIEW IF EXISTS command_outcomes;
ALTER TABLE accounts ALTER COLUMN account_id TYPE text COLLATE "C";
ALTER TABLE account_history ALTER COLUMN account_id TYPE text COLLATE "C",
                            ALTER COLUMN counterparty_account_id TYPE text COLLATE "C";
