-- Trial variant for apply-cost.sh --compare-sql (session 19): no stored jsonb copy, and a BRIN index on events.slot instead of the B-tree.
ALTER TABLE events DROP COLUMN payload CASCADE;
DROP INDEX events_slot_idx;
CREATE INDEX events_slot_brin ON events USING brin (slot);
