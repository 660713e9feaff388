package io.bankledger.node.faults;

import ch.qos.logback.classic.Level;
import io.bankledger.migrations.Migrations;
import io.bankledger.node.dev.EmbeddedDatabaseServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.slf4j.LoggerFactory;

/**
 * One node's own PostgreSQL server (real binaries, fsync on), started from the harness JVM on a
 * fixed port and data directory so that it can be killed with -9 and started again on the same
 * files, as a crashed database host would come back.
 *
 * <p>Restart after kill -9: zonky keeps a file lock on the data directory for the life of its
 * {@code EmbeddedPostgres} object, so a second start in the same JVM fails with an
 * OverlappingFileLockException until the dead server's object is closed. {@link #kill} therefore
 * closes it (its {@code pg_ctl stop} fails, harmlessly, on the dead postmaster); PostgreSQL itself
 * then starts on the crashed directory with ordinary crash recovery.
 */
public final class NodeDatabase implements AutoCloseable {

    public static final String DATABASE = "bank";
    public static final String NODE_USER = "bank_node";
    public static final String NODE_PASSWORD = "bank_node";

    private final int nodeId;
    private final Path dataDirectory;
    private final int port;
    private EmbeddedDatabaseServer server;

    NodeDatabase(int nodeId, Path dataDirectory, int port) {
        this.nodeId = nodeId;
        this.dataDirectory = dataDirectory;
        this.port = port;
    }

    /** Starts the server (crash recovery if it was killed), creates and migrates the database if new. */
    public synchronized void start() throws Exception {
        if (server != null) {
            throw new IllegalStateException("database of node " + nodeId + " is running");
        }
        EmbeddedDatabaseServer started = EmbeddedDatabaseServer.start(dataDirectory, port, true);
        try {
            started.ensureDatabase(DATABASE);
            DataSource admin = started.adminDataSource(DATABASE);
            Migrations.migrate(admin);
            Migrations.ensureLoginRole(admin, NODE_USER, NODE_PASSWORD, Migrations.WRITER_GROUP);
        } catch (Exception | Error e) {
            started.close();
            throw e;
        }
        server = started;
    }

    /** kill -9 of the postmaster; its backends exit on their own once they see it gone. */
    public synchronized void kill() throws Exception {
        if (server == null) {
            throw new IllegalStateException("database of node " + nodeId + " is not running");
        }
        long pid = Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        ChildJvm.signal(pid, "KILL");
        ProcessCluster.await(Duration.ofSeconds(10), "postmaster " + pid + " to die", () -> !ChildJvm.alive(pid));
        ch.qos.logback.classic.Logger zonky = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.zonky");
        Level level = zonky.getLevel();
        zonky.setLevel(Level.OFF);  // its failed pg_ctl stop of the dead server is expected, not news
        try {
            server.close();
        } catch (IOException | RuntimeException ignored) {
            // The server is dead already; closing only releases the data directory's lock.
        } finally {
            zonky.setLevel(level);
            server = null;
        }
    }

    /** The pid of this server's postmaster, from its data directory. */
    public synchronized long postmasterPid() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
    }

    public synchronized boolean running() {
        return server != null;
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + DATABASE;
    }

    /** The owner's data source: what the checker reads with and rebuilds projections as. */
    public synchronized DataSource admin() {
        if (server == null) {
            throw new IllegalStateException("database of node " + nodeId + " is not running");
        }
        return server.adminDataSource(DATABASE);
    }

    @Override
    public synchronized void close() throws IOException {
        if (server != null) {
            server.close();
            server = null;
        }
    }
}
