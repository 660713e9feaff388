package io.bankledger.node.dev;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Objects;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * A real PostgreSQL server (zonky's packaged binaries) started from this JVM, for dev mode and
 * tests. Durability is a choice made here, not left to the library's default: zonky turns fsync
 * off unless told, and a test of durability on such a server would prove nothing.
 */
public final class EmbeddedDatabaseServer implements AutoCloseable {

    public static final String ADMIN_USER = "postgres";
    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EmbeddedPostgres postgres;

    private EmbeddedDatabaseServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts a server on {@code port} (0 picks a free one) keeping its files in
     * {@code dataDirectory}, which survives a restart of the server.
     */
    public static EmbeddedDatabaseServer start(Path dataDirectory, int port, boolean durable) throws IOException {
        Objects.requireNonNull(dataDirectory, "dataDirectory");
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "300")
                .setServerConfig("fsync", durable ? "on" : "off")
                .setServerConfig("synchronous_commit", durable ? "on" : "off")
                .setServerConfig("full_page_writes", durable ? "on" : "off")
                // The server's own log, with its checkpoints and any autovacuum of a second or more, in
                // <data directory>/log: zonky's output redirection keeps nothing once it has started.
                // Checkpoint spacing stays PostgreSQL's default: 8 GB of WAL per server was tried and undone
                // (no lower p99 under sustained load, and the broker's disk guard tripped; benchmarks/HISTORY.md, session 13).
                .setServerConfig("logging_collector", "on")
                .setServerConfig("log_autovacuum_min_duration", "1s")
                // How often autovacuum looks at a database (PostgreSQL's default is a minute): V14 asks
                // for the append-only tables to be vacuumed every 10,000 new rows, while their pages
                // are still in memory and already in the WAL since the last checkpoint.
                .setServerConfig("autovacuum_naptime", "5s")
                // PostgreSQL 18 reads pages through I/O worker processes by default (io_method=worker):
                // each read a backend or autovacuum misses in shared buffers is handed to a worker and
                // waited for. With three servers on two cores, reading in the process that needs the
                // page (sync, what PostgreSQL 17 and earlier do) gave the cluster a higher maximum in six
                // of eight interleaved comparisons, by up to 14% (benchmarks/HISTORY.md, session 20).
                .setServerConfig("io_method", "sync");
        if (port > 0) {
            builder.setPort(port);
        }
        return new EmbeddedDatabaseServer(builder.start());
    }

    public int port() {
        return postgres.getPort();
    }

    /** A JDBC URL of {@code database} on this server (no credentials: see {@link #ADMIN_USER}). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + database;
    }

    public DataSource adminDataSource(String database) {
        return postgres.getDatabase(ADMIN_USER, database);
    }

    /** Creates {@code database} unless it exists. */
    public void ensureDatabase(String database) throws SQLException {
        if (!DATABASE_NAME.matcher(database).matches()) {
            throw new IllegalArgumentException("database name must match " + DATABASE_NAME + ": " + database);
        }
        try (Connection connection = adminDataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            var rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'");
            if (!rows.next()) {
                statement.execute("CREATE DATABASE " + database);
            }
        }
    }

    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
