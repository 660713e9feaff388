-- The append-only tables (events, account_history, chosen_slots) were vacuumed by PostgreSQL's
-- insert-driven autovacuum once a fifth of their rows were new. By then their new pages had left
-- shared buffers and a checkpoint or more had passed since they were written, and with data
-- checksums (initdb's default since PostgreSQL 18) the first change to a page after a checkpoint
-- logs the whole page: that vacuum read every page back, froze it and wrote all of it to the WAL a
-- second time. In a 4-minute benchmark run it wrote 36% of each server's WAL.
--
-- Vacuumed every 10,000 new rows instead (with the server looking every few seconds, see
-- autovacuum_naptime in the README), a page is still in memory and usually already logged since
-- the current checkpoint, so setting it all-visible and freezing it adds small records, not whole
-- pages. It is frozen on that first visit (freeze age 0): its rows are never changed again, so no
-- later vacuum has to come back for them. The acceptor's entries, deleted by the apply that covers
-- them, are removed on the same schedule, so that their table stays small.
--
-- Looking every few seconds would also analyze these tables whenever a tenth of them is new, which
-- for young tables is every few seconds: a sample of 30,000 rows costs a server about 0.3 s of CPU.
-- Their statistics matter little to the queries that read them (by a primary or unique key, or the
-- newest rows), so they are analyzed after half a million changes more than that tenth.
ALTER TABLE events SET (
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0, autovacuum_analyze_threshold = 500000);
ALTER TABLE account_history SET (
    autovacuum_vacuum_insert_threshold = 10000, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0, autovacuum_analyze_threshold = 500000);
ALTER TABLE chosen_slots SET (
    autovacuum_vacuum_insert_threshold = 100, autovacuum_vacuum_insert_scale_factor = 0,
    autovacuum_freeze_min_age = 0,
    toast.autovacuum_vacuum_insert_threshold = 10000, toast.autovacuum_vacuum_insert_scale_factor = 0,
    toast.autovacuum_freeze_min_age = 0);
ALTER TABLE acceptor_accepted SET (
    autovacuum_vacuum_threshold = 100, autovacuum_vacuum_scale_factor = 0,
    toast.autovacuum_vacuum_threshold = 10000, toast.autovacuum_vacuum_scale_factor = 0);
