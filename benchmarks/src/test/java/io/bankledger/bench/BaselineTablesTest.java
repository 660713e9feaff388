package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * B keeps its tables from the warm-up through the sweep and the phases, as S keeps its stores;
 * B@fresh creates them again before each pool size and before the phases. A short real run of
 * both on embedded PostgreSQL, read back from its results.
 */
class BaselineTablesTest {

    @Test
    void bsPhasesStartOnTheRowsOfTheOnesBeforeAndBAtFreshsOnNewTables(@TempDir Path out) throws Exception {
        CommandLine command = new CommandLine(new BenchmarkMain());
        command.setOut(new java.io.PrintWriter(new java.io.StringWriter()));

        int exit = command.execute("--systems", "B,B@fresh", "--runs", "1", "--seconds", "1", "--sweep-seconds", "1",
                "--warmup-seconds", "3", "--baseline-pools", "2,4", "--accounts", "100", "--hot-accounts", "4",
                "--out", out.toString());

        // Non-zero also when a phase lost or made money: the harness checks after every pool size and the phases.
        assertEquals(0, exit);
        JsonNode measurements = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("measurements");
        double keptAt70 = megabytesAtStart(measurements, "B", "70%");
        double freshAtMax = megabytesAtStart(measurements, "B@fresh", "max");
        double freshAt70 = megabytesAtStart(measurements, "B@fresh", "70%");
        // At least 3 s of warm-up and 2 s of sweep, two history rows of about 100 bytes per transfer:
        // 0.1 MiB is some 500 transfers.
        assertTrue(keptAt70 - freshAt70 >= 0.1, "B " + keptAt70 + " MiB, B@fresh " + freshAt70 + " MiB");
        assertTrue(Math.abs(freshAt70 - freshAtMax) < 0.1, "B@fresh " + freshAtMax + " then " + freshAt70 + " MiB");
    }

    private static double megabytesAtStart(JsonNode measurements, String system, String load) {
        for (JsonNode m : measurements) {
            if (m.get("system").asText().equals(system) && m.get("mix").asText().equals("uniform")
                    && m.get("load").asText().equals(load)) {
                return m.get("servers").get("databaseMegabytesAtStart").asDouble();
            }
        }
        throw new AssertionError("no " + system + " uniform " + load + " in " + measurements);
    }
}
