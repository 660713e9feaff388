package io.bankledger.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessStatsTest {

    /**
     * A PostgreSQL server's backends and autovacuum workers come and go during a phase; their CPU
     * must stay in the server's total after they end.
     */
    @Test
    void theCpuOfDescendantsThatEndedStaysInTheTotal() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/stat")), "needs Linux's /proc");
        // A shell whose grandchild burns about half a second of CPU and ends; the shell lives on.
        Path directory = Files.createTempDirectory("process-stats");
        Path done = directory.resolve("done");
        Process shell = new ProcessBuilder("bash", "-c",
                "timeout 0.5 sh -c 'while :; do :; done'; touch \"$0\"; sleep 30", done.toString()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!Files.exists(done) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(Files.exists(done), "the burning child ended");

            double withEnded = ProcessStats.cpuSeconds(shell.pid(), true);
            double ownOnly = ProcessStats.cpuSeconds(shell.pid(), false);

            assertTrue(withEnded >= 0.2, "the ended grandchild's CPU counts: " + withEnded + " s");
            assertTrue(ownOnly < 0.1, "the shell itself barely ran: " + ownOnly + " s");
        } finally {
            shell.destroyForcibly().waitFor();
            Files.deleteIfExists(done);
            Files.deleteIfExists(directory);
        }
    }
}
