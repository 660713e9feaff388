SELECT relname, n_tup_upd, n_tup_hot_upd, n_dead_tup, n_live_tup, autovacuum_count, last_autovacuum,
       pg_size_pretty(pg_relation_size(relid)) AS heap, pg_size_pretty(pg_indexes_size(relid)) AS indexes
FROM pg_stat_user_tables ORDER BY relname;
