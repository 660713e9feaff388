package io.bankledger.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/**
 * An operator's bad configuration of {@code bank-node run} is refused before the node touches its
 * database or the broker: a usage error (exit code 2) that names what is wrong, not a stack trace.
 */
class BankNodeMainTest {

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({
            "--pipeline-window,0,the pipeline window and the commands per slot must be at least 1, not 0 and 512",
            "--batch-commands-max,-5,the pipeline window and the commands per slot must be at least 1, not 8 and -5",
            "--outcome-cache,-1,outcomeCacheMax must be >= 0: -1",
            "--pending-max,0,pendingMax, dbPoolSize and reproposeAfterMs must be positive",
            "--node-id,4,node 4 is not among the members [1, 2, 3]",
    })
    void aBadValueIsAUsageErrorThatSaysWhy(String option, String value, String message) {
        List<String> args = new ArrayList<>(List.of("run", "--peers", "1,2,3",
                // Nothing listens here: the node must refuse before it connects anywhere.
                "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/none", "--broker-url", "tcp://127.0.0.1:1",
                "--metrics-port", "-1"));
        if (!option.equals("--node-id")) {
            args.addAll(List.of("--node-id", "1"));
        }
        args.addAll(List.of(option, value));
        StringWriter err = new StringWriter();
        CommandLine cli = BankNodeMain.commandLine().setErr(new PrintWriter(err, true));

        int exitCode = cli.execute(args.toArray(String[]::new));

        assertEquals(CommandLine.ExitCode.USAGE, exitCode, err.toString());
        assertTrue(err.toString().contains("Invalid configuration: " + message), err.toString());
        assertFalse(err.toString().contains("\tat "), "no stack trace: " + err);
    }
}
