package io.bankledger.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * What each PostgreSQL server of a system counted about its own work (its cumulative statistics
 * views), read before and after a phase: WAL records, full-page images and bytes, blocks read
 * from outside shared buffers and found in them, checkpoints and the buffers they wrote, and the
 * autovacuums and autoanalyzes of the measured database's tables; and how large that database
 * was when the phase started, the rows and indexes the phases before it left (S's stores grow
 * through a run, and so do B's tables since session 25). The servers' CPU per transfer
 * moves by a quarter between runs of the same build (benchmarks/HISTORY.md, session 24); these say whether
 * a slow phase wrote or read more, or only ran slower.
 *
 * <p>On a node's store (a database with an {@code events} table) also the last event's
 * {@code seq}: the events a phase stored per committed transfer. A node answers once a slot is
 * decided, before its store commits it, so an answered transfer may not be stored yet; a phase
 * whose stores stored fewer events than it answered transfers ran ahead of them (their backlog
 * grew), one that stored more caught up work of the phases before. B commits each transfer
 * before it answers, so it has no such figure.
 *
 * <p>PostgreSQL's backends report their counts about once a second, so a phase's figures may miss
 * its last second and include the one before it. Each reading opens one connection per server,
 * outside the phase's CPU readings ({@link Phase}); only the exit of the first reading's backend,
 * a fraction of a millisecond, can fall inside them.
 *
 * @param servers one entry per server: counter → its cumulative value
 */
record ServerCounters(List<Map<String, Double>> servers) {

    /** Each query's columns, in order, as counters: one row each, from PostgreSQL 17 or later. */
    private static final Map<String, List<String>> READ = Map.of(
            "SELECT wal_records, wal_fpi, wal_bytes FROM pg_stat_wal",
            List.of("walRecords", "walFullPageImages", "walBytes"),
            "SELECT sum(blks_read), sum(blks_hit) FROM pg_stat_database",
            List.of("blocksRead", "blocksHit"),
            "SELECT num_timed + num_requested, buffers_written FROM pg_stat_checkpointer",
            List.of("checkpoints", "checkpointBuffers"),
            "SELECT coalesce(sum(autovacuum_count), 0), coalesce(sum(autoanalyze_count), 0) FROM pg_stat_user_tables",
            List.of("autovacuums", "autoanalyzes"),
            "SELECT pg_database_size(current_database())",
            List.of("databaseBytes"));

    static ServerCounters read(List<DataSource> servers) throws SQLException {
        List<Map<String, Double>> read = new ArrayList<>();
        for (DataSource server : servers) {
            Map<String, Double> values = new LinkedHashMap<>();
            try (Connection connection = server.getConnection(); Statement statement = connection.createStatement()) {
                for (Map.Entry<String, List<String>> query : READ.entrySet()) {
                    try (ResultSet row = statement.executeQuery(query.getKey())) {
                        if (!row.next()) {
                            throw new SQLException("no row from " + query.getKey());
                        }
                        for (int i = 0; i < query.getValue().size(); i++) {
                            values.put(query.getValue().get(i), row.getDouble(i + 1));
                        }
                    }
                }
                if (hasEvents(statement)) {
                    try (ResultSet row = statement.executeQuery("SELECT coalesce(max(seq), 0) FROM events")) {
                        row.next();
                        values.put("eventsSeq", row.getDouble(1));
                    }
                }
            }
            read.add(values);
        }
        return new ServerCounters(read);
    }

    private static boolean hasEvents(Statement statement) throws SQLException {
        try (ResultSet row = statement.executeQuery("SELECT to_regclass('events') IS NOT NULL")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /**
     * The phase between {@code before} and this reading, in which {@code committed} transfers were
     * committed: per server (averaged over the servers) and per committed transfer, WAL records,
     * full-page images and bytes, blocks read from outside shared buffers and hit in them, and the
     * buffers checkpoints wrote; and over all servers, how many checkpoints, autovacuums and
     * autoanalyzes the phase had; and the measured database's size at the phase's start, in MiB,
     * averaged over the servers; and where every server has an event store, the events each
     * stored per committed transfer (averaged). Every server of S applies every committed transfer,
     * so per server and transfer is what one server spends on one transfer. Empty with no servers.
     */
    Map<String, Double> since(ServerCounters before, long committed) {
        if (servers.isEmpty()) {
            return Map.of();
        }
        Map<String, Double> total = new HashMap<>();
        for (int i = 0; i < servers.size(); i++) {
            Map<String, Double> start = before.servers().get(i);
            servers.get(i).forEach((name, value) -> {
                Double first = start.get(name);
                if (first != null) {
                    total.merge(name, value - first, Double::sum);
                }
            });
        }
        double perServerTransfer = servers.size() * (double) Math.max(committed, 1);
        Map<String, Double> phase = new LinkedHashMap<>();
        for (String name : List.of("walRecords", "walFullPageImages", "walBytes", "blocksRead", "blocksHit",
                "checkpointBuffers")) {
            phase.put(name + "PerTransfer", round3(total.get(name) / perServerTransfer));
        }
        for (String name : List.of("checkpoints", "autovacuums", "autoanalyzes")) {
            phase.put(name, total.get(name));
        }
        double startBytes = before.servers().stream().mapToDouble(server -> server.get("databaseBytes")).sum();
        phase.put("databaseMegabytesAtStart", round3(startBytes / servers.size() / (1024 * 1024)));
        boolean stores = servers.stream().allMatch(server -> server.containsKey("eventsSeq"))
                && before.servers().stream().allMatch(server -> server.containsKey("eventsSeq"));
        if (stores) {
            phase.put("eventsStoredPerTransfer", round3(total.get("eventsSeq") / perServerTransfer));
        }
        return phase;
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
