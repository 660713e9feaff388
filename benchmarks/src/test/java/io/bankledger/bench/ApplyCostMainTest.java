package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ApplyCostMainTest {

    private static int execute(StringWriter err, String... args) {
        CommandLine command = new CommandLine(new ApplyCostMain());
        command.setErr(new PrintWriter(err));
        command.setOut(new PrintWriter(new StringWriter()));
        return command.execute(args);
    }

    @Test
    void groupSizesAndAccountsOutsideTheirRangeAreRefusedBeforeAnythingStarts(@TempDir Path out) {
        StringWriter err = new StringWriter();
        assertEquals(2, execute(err, "--group-sizes", "2,0", "--out", out.resolve("a").toString()));
        assertTrue(err.toString().contains("--group-sizes must be between 1 and --transfers: 0"), err.toString());

        err = new StringWriter();
        assertEquals(2, execute(err, "--group-sizes", "200", "--transfers", "100", "--out", out.resolve("b").toString()));
        assertTrue(err.toString().contains("--group-sizes must be between 1 and --transfers: 200"), err.toString());

        err = new StringWriter();
        assertEquals(2, execute(err, "--accounts", "1", "--out", out.resolve("c").toString()));
        assertTrue(err.toString().contains("--accounts must be at least 2"), err.toString());

        assertEquals(false, Files.exists(out.resolve("a")) || Files.exists(out.resolve("b"))
                || Files.exists(out.resolve("c")));
    }

    /** A small real run: the current bank_apply finds its accounts by key, analyzed or not. */
    @Test
    void aSmallRunMeasuresBothStatisticsStatesAndScansNoAccounts(@TempDir Path out) throws Exception {
        StringWriter err = new StringWriter();
        assertEquals(0, execute(err, "--accounts", "2000", "--group-sizes", "2", "--transfers", "40",
                "--repetitions", "1", "--out", out.toString()), err.toString());

        JsonNode results = new ObjectMapper().readTree(out.resolve("results.json").toFile()).get("results");
        List<String> measured = new ArrayList<>();
        for (JsonNode result : results) {
            measured.add(result.get("variant").asText() + " " + result.get("statistics").asText() + " "
                    + result.get("groupSize").asInt() + " " + result.get("applies").asInt());
            assertEquals(0.0, result.get("accountsRowsScannedPerApply").asDouble(), result.toString());
            assertTrue(result.get("wallMsPerApply").asDouble() > 0, result.toString());
        }
        assertEquals(List.of("current none 2 20", "current analyzed 2 20"), measured);
    }
}
