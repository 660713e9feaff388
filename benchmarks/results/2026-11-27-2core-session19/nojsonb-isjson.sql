-- Trial variant for apply-cost.sh --compare-sql (session 19): no stored jsonb copy, payloads checked to be JSON objects (what V16 does).
ALTER TABLE events DROP COLUMN payload CASCADE;
ALTER TABLE events ADD CONSTRAINT events_payload_is_json CHECK (payload_canonical IS JSON OBJECT);
