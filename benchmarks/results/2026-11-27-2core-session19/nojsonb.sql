-- Trial variant for apply-cost.sh --compare-sql (session 19): no stored jsonb copy of the payloads.
ALTER TABLE events DROP COLUMN payload CASCADE;
