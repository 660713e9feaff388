package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SummaryTest {

    private static Measurement phase(int run, String system, String load, double rate, double p99) {
        return phase(run, system, load, rate, p99, Map.of());
    }

    private static Measurement phase(int run, String system, String load, double rate, double p99,
                                     Map<String, Double> nodes) {
        return phase(run, system, load, rate, p99, nodes, Map.of());
    }

    private static Measurement phase(int run, String system, String load, double rate, double p99,
                                     Map<String, Double> nodes, Map<String, Double> servers) {
        return new Measurement(run, system, "uniform", load, 16, null, rate, (long) rate, 0, 0, p99 / 2, p99 / 2,
                p99, p99, p99, 10, Map.of(), Map.of(), nodes, servers, List.of());
    }

    @Test
    void fixedRatesComeAfterThePercentagesFromTheHighestDown() {
        List<Measurement> results = List.of(
                phase(1, "S", "max", 5_000, 600), phase(1, "S", "500/s", 500, 30), phase(1, "S", "10%", 500, 30),
                phase(1, "S", "2000/s", 2_000, 90), phase(1, "S", "unloaded", 20, 22));

        assertEquals(List.of("max", "70%", "10%", "2000/s", "500/s", "unloaded"), Summary.loadsInOrder(results));
        assertEquals(List.of("max", "10%", "2000/s", "500/s", "unloaded"),
                Summary.medians(results).stream().map(Summary.Row::load).toList());
    }

    @Test
    void loadsRunFromTheMaximumDownToUnloadedAndEachGetsItsMedian() {
        List<Measurement> results = List.of(
                phase(1, "S", "max", 5_000, 600), phase(1, "S", "10%", 500, 30), phase(1, "S", "70%", 3_500, 250),
                phase(1, "S", "unloaded", 20, 22), phase(1, "S", "40%", 2_000, 90),
                phase(2, "S", "10%", 500, 20), phase(3, "S", "10%", 500, 40));

        assertEquals(List.of("max", "70%", "40%", "10%", "unloaded"), Summary.loadsInOrder(results));
        List<Summary.Row> rows = Summary.medians(results);
        assertEquals(List.of("max", "70%", "40%", "10%", "unloaded"), rows.stream().map(Summary.Row::load).toList());
        Summary.Row tenPercent = rows.get(3);
        assertEquals(3, tenPercent.runs());
        assertEquals(30, tenPercent.p99Ms());
        assertTrue(Summary.markdown(results).contains("| S | uniform | 40% | 1 | 2000 |"));
    }

    @Test
    void aClusterWithOtherSessionsGetsItsOwnRowsAndRatioBetweenSAndS1() {
        List<Measurement> results = List.of(
                phase(1, "B", "max", 4_000, 8), phase(1, "S1", "max", 1_000, 700), phase(1, "S@1", "max", 8_000, 400),
                phase(1, "S", "max", 7_000, 500), phase(1, "S@12", "max", 2_000, 900));

        assertEquals(List.of("S", "S@1", "S@12", "S1", "B"),
                Summary.medians(results).stream().map(Summary.Row::system).toList());
        String markdown = Summary.markdown(results);
        assertTrue(markdown.contains("| S@1 | uniform | 2.00 | n/a |"), markdown);
        assertTrue(markdown.contains("| S | uniform | 1.75 | n/a |"), markdown);
    }

    @Test
    void bOnFreshTablesComesAfterBAndGetsItsRatioToB() {
        List<Measurement> results = List.of(phase(1, "B@fresh", "max", 5_000, 8), phase(1, "B", "max", 4_000, 8),
                phase(1, "S", "max", 10_000, 500));

        assertEquals(List.of("S", "B", "B@fresh"), Summary.medians(results).stream().map(Summary.Row::system).toList());
        String markdown = Summary.markdown(results);
        assertTrue(markdown.contains("| S | uniform | 2.50 | n/a |"), markdown);
        assertTrue(markdown.contains("| B@fresh | uniform | 1.25 | n/a |"), markdown);
    }

    @Test
    void sIsAlsoComparedOnTheRateItsStoresKeptUpWith() {
        // Run 1's stores wrote 0.9 events per answered transfer (9,000/s), run 2's caught up a
        // backlog (1.1, counted as 1: 11,000/s): median 10,000/s against B's 4,000.
        List<Measurement> results = List.of(phase(1, "B", "max", 4_000, 8, Map.of(), Map.of("walRecordsPerTransfer", 9.0)),
                phase(1, "S", "max", 10_000, 500, Map.of(), Map.of("eventsStoredPerTransfer", 0.9)),
                phase(2, "S", "max", 11_000, 500, Map.of(), Map.of("eventsStoredPerTransfer", 1.1)),
                phase(1, "B@fresh", "max", 5_000, 8));

        String markdown = Summary.markdown(results);

        assertTrue(markdown.contains("| S | uniform | 2.63 | n/a | 2.50 |"), markdown);
        assertTrue(markdown.contains("| B@fresh | uniform | 1.25 | n/a | n/a |"), "no stores, no figure: " + markdown);
        assertEquals(10_000.0, Summary.storedPerSecond(results, "S", "uniform").getAsDouble());
        assertTrue(Summary.storedPerSecond(List.of(phase(1, "S", "max", 10_000, 500)), "S", "uniform").isEmpty(),
                "a phase without the figure is not counted as keeping up");
    }

    @Test
    void aNodeCounterMissingFromAPhaseIsShownAsMissingNotAsZero() {
        Map<String, Double> complete = Map.of("slotsPerSecond", 20.0, "commandsPerSlot", 500.0,
                "applyTransactionsPerSecond", 3.0, "applyMs", 300.0, "applyBusy", 0.9, "acceptorWriteMs", 6.0,
                "commitMs", 100.0, "requestMessagesPerSecond", 12.0, "commandsPerMessage", 900.0);
        Map<String, Double> withoutMessages = new HashMap<>(complete);
        withoutMessages.remove("requestMessagesPerSecond");
        List<Measurement> results = List.of(phase(1, "S", "max", 10_000, 500, complete),
                phase(2, "S", "max", 11_000, 500, withoutMessages));

        String markdown = Summary.markdown(results);

        assertTrue(markdown.contains("| S | uniform | max | 20.00 | 500.00 | 3.00 | 300.00 | 0.90 | 6.00 | 100.00 | n/a "
                + "| 900.00 |"), markdown);
    }

    @Test
    void eachSystemsServersGetTheirMediansAndAPhaseWithoutThemIsLeftOut() {
        Map<String, Double> servers = new HashMap<>(Map.of("walRecordsPerTransfer", 11.0,
                "walFullPageImagesPerTransfer", 0.25, "walBytesPerTransfer", 1_800.0, "blocksReadPerTransfer", 0.5,
                "blocksHitPerTransfer", 40.0, "checkpointBuffersPerTransfer", 0.125, "checkpoints", 1.0,
                "autovacuums", 4.0, "autoanalyzes", 0.0, "databaseMegabytesAtStart", 12.5));
        // S's stores count the events they stored; B has no event store.
        Map<String, Double> stores = new HashMap<>(servers);
        stores.put("eventsStoredPerTransfer", 0.9);
        Map<String, Double> more = new HashMap<>(stores);
        more.put("walBytesPerTransfer", 2_000.0);
        more.put("eventsStoredPerTransfer", 1.1);
        more.remove("checkpoints");
        List<Measurement> results = List.of(phase(1, "B", "max", 4_000, 8, Map.of(), servers),
                phase(1, "S", "max", 10_000, 500, Map.of(), stores), phase(2, "S", "max", 11_000, 500, Map.of(), more),
                phase(1, "S", "unloaded", 20, 10));

        String markdown = Summary.markdown(results);

        assertTrue(markdown.contains("| B | uniform | max | 11.000 | 0.250 | 1800.000 | 0.500 | 40.000 | 0.125 | 1.000 "
                + "| 4.000 | 0.000 | 12.500 | n/a |"), markdown);
        assertTrue(markdown.contains("| S | uniform | max | 11.000 | 0.250 | 1900.000 | 0.500 | 40.000 | 0.125 | n/a "
                + "| 4.000 | 0.000 | 12.500 | 1.000 |"), markdown);
        String serversTable = markdown.substring(markdown.indexOf("What each PostgreSQL server did"),
                markdown.indexOf("CPU seconds and peak RSS"));
        assertTrue(serversTable.contains("| S | uniform | max |"), serversTable);
        assertEquals(false, serversTable.contains("| S | uniform | unloaded |"), "no server figures, no row: " + serversTable);
    }

    @Test
    void aSystemThatIsNotKnownIsRefusedBeforeAnythingStarts() {
        for (String systems : List.of("B,S@0", "S@65", "S@x", "T", "B@stale", "B@")) {
            CommandLine command = new CommandLine(new BenchmarkMain());
            command.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
            command.setOut(new java.io.PrintWriter(new java.io.StringWriter()));

            assertNotEquals(0, command.execute("--systems", systems, "--out", "target/never-written"), systems);
            assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("target/never-written")), systems);
        }
    }

    @Test
    void aLoadOutsideOneToNinetyNinePercentIsRefusedBeforeAnythingStarts() {
        CommandLine command = new CommandLine(new BenchmarkMain());
        command.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        command.setOut(new java.io.PrintWriter(new java.io.StringWriter()));

        assertNotEquals(0, command.execute("--loads", "70,100", "--out", "target/never-written"));
        assertEquals(false, java.nio.file.Files.exists(java.nio.file.Path.of("target/never-written")));
    }
}
