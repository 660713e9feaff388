package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.dev.EmbeddedDatabaseServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The per-phase figures from two readings of the servers' statistics, computed and read from a real server. */
class ServerCountersTest {

    private static Map<String, Double> server(double records, double images, double bytes, double read, double hit,
                                              double checkpoints, double buffers, double vacuums, double analyzes,
                                              double databaseBytes) {
        return Map.of("walRecords", records, "walFullPageImages", images, "walBytes", bytes, "blocksRead", read,
                "blocksHit", hit, "checkpoints", checkpoints, "checkpointBuffers", buffers, "autovacuums", vacuums,
                "autoanalyzes", analyzes, "databaseBytes", databaseBytes);
    }

    @Test
    void aPhaseIsTheDifferenceOfItsReadingsPerServerAndTransfer() {
        ServerCounters before = new ServerCounters(List.of(server(100, 10, 10_000, 5, 50, 1, 20, 3, 1, 30 << 20),
                server(0, 0, 0, 0, 0, 0, 0, 0, 0, 10 << 20)));
        // 1,000 transfers later: the first server wrote 12,000 WAL records (300 of them whole pages,
        // 2 MB) and the second 10,000 (100, 1.6 MB); one checkpoint on the second wrote 500 buffers.
        ServerCounters after = new ServerCounters(List.of(server(12_100, 310, 2_010_000, 1_005, 30_050, 1, 20, 5, 2,
                        40 << 20), server(10_000, 100, 1_600_000, 500, 10_000, 1, 500, 1, 0, 12 << 20)));

        Map<String, Double> phase = after.since(before, 1_000);

        assertEquals(11.0, phase.get("walRecordsPerTransfer"));
        assertEquals(0.2, phase.get("walFullPageImagesPerTransfer"));
        assertEquals(1_800.0, phase.get("walBytesPerTransfer"));
        assertEquals(0.75, phase.get("blocksReadPerTransfer"));
        assertEquals(20.0, phase.get("blocksHitPerTransfer"));
        assertEquals(0.25, phase.get("checkpointBuffersPerTransfer"));
        assertEquals(1.0, phase.get("checkpoints"), "over all servers");
        assertEquals(3.0, phase.get("autovacuums"), "over all servers");
        assertEquals(1.0, phase.get("autoanalyzes"), "over all servers");
        assertEquals(20.0, phase.get("databaseMegabytesAtStart"), "per server, before the phase");
    }

    @Test
    void aNodesStoreCountsTheEventsItStoredPerCommittedTransfer() {
        Map<String, Double> first = new HashMap<>(server(0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
        Map<String, Double> second = new HashMap<>(first);
        first.put("eventsSeq", 5_000.0);
        second.put("eventsSeq", 5_000.0);
        Map<String, Double> firstAfter = new HashMap<>(first);
        Map<String, Double> secondAfter = new HashMap<>(second);
        // 1,000 transfers answered: one store wrote all of them, the other 800 (it ran behind).
        firstAfter.put("eventsSeq", 6_000.0);
        secondAfter.put("eventsSeq", 5_800.0);

        Map<String, Double> phase = new ServerCounters(List.of(firstAfter, secondAfter))
                .since(new ServerCounters(List.of(first, second)), 1_000);

        assertEquals(0.9, phase.get("eventsStoredPerTransfer"), "averaged over the stores");
        Map<String, Double> withoutStores = new ServerCounters(List.of(server(0, 0, 0, 0, 0, 0, 0, 0, 0, 0)))
                .since(new ServerCounters(List.of(server(0, 0, 0, 0, 0, 0, 0, 0, 0, 0))), 1_000);
        assertEquals(false, withoutStores.containsKey("eventsStoredPerTransfer"), "B has no event store");
    }

    @Test
    void aSystemWithoutServersHasNoFigures() throws Exception {
        assertEquals(Map.of(), ServerCounters.read(List.of()).since(ServerCounters.read(List.of()), 10));
    }

    /** What a real PostgreSQL 18 reports: the views and columns exist, and the counts follow the work. */
    @Test
    void aRealServersCountsFollowTheRowsWrittenAndTheCheckpointTaken(@TempDir Path directory) throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory.resolve("pg"), 0, true)) {
            server.ensureDatabase("counted");
            DataSource counted = server.adminDataSource("counted");
            ServerCounters before = ServerCounters.read(List.of(counted));
            try (Connection connection = counted.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE counted (id bigint PRIMARY KEY, note text)");
                statement.execute("INSERT INTO counted SELECT i, repeat('x', 100) FROM generate_series(1, 1000) i");
                statement.execute("CHECKPOINT");
                statement.execute("SELECT pg_stat_force_next_flush()");
            }
            // Backends report their counts when idle, about once a second: wait for them.
            Map<String, Double> phase = Map.of();
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (System.nanoTime() < deadline) {
                phase = ServerCounters.read(List.of(counted)).since(before, 1_000);
                if (phase.get("walRecordsPerTransfer") >= 2 && phase.get("checkpoints") >= 1) {
                    break;
                }
                Thread.sleep(200);
            }

            // Each row is a heap insert and an index insert, each at least its 100-byte note or its key.
            assertTrue(phase.get("walRecordsPerTransfer") >= 2, phase.toString());
            assertTrue(phase.get("walBytesPerTransfer") >= 100, phase.toString());
            assertTrue(phase.get("blocksHitPerTransfer") > 0, phase.toString());
            assertTrue(phase.get("checkpoints") >= 1, phase.toString());
            assertTrue(phase.get("checkpointBuffersPerTransfer") > 0, phase.toString());
            // The next phase starts on a database grown by the table: 1,000 rows of about 140 bytes and their keys.
            ServerCounters next = ServerCounters.read(List.of(counted));
            double grown = next.since(next, 1).get("databaseMegabytesAtStart") - phase.get("databaseMegabytesAtStart");
            assertTrue(grown >= 0.1 && grown < 1, "grew by " + grown + " MiB");
            assertEquals(false, phase.containsKey("eventsStoredPerTransfer"), "no events table, no figure: " + phase);

            // A database with an event store: the events it stored between two readings.
            server.ensureDatabase("store");
            DataSource store = server.adminDataSource("store");
            try (Connection connection = store.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE events (seq bigint PRIMARY KEY)");
                statement.execute("INSERT INTO events SELECT i FROM generate_series(1, 100) i");
                ServerCounters storeBefore = ServerCounters.read(List.of(store));
                statement.execute("INSERT INTO events SELECT i FROM generate_series(101, 600) i");
                assertEquals(0.5, ServerCounters.read(List.of(store)).since(storeBefore, 1_000)
                        .get("eventsStoredPerTransfer"), "500 events for 1,000 transfers");
            }
        }
    }
}
