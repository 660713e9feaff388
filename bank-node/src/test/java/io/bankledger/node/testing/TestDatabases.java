package io.bankledger.node.testing;

import io.bankledger.migrations.Migrations;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands every test its own fresh, migrated database on one PostgreSQL server per test JVM.
 *
 * <p>Which server: {@code BANK_TEST_JDBC_URL} (an administrator's URL of an external server) wins;
 * otherwise {@code BANK_TEST_PG=testcontainers} uses a Docker container (and fails loudly if no
 * Docker engine exists: asking for it and silently not getting it would hide a skipped backend);
 * otherwise an embedded server with fsync on ({@code BANK_TEST_PG_FSYNC=off} for speed where
 * durability is not under test).
 */
public final class TestDatabases {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static PostgresBackend backend;

    private TestDatabases() {
    }

    public static synchronized PostgresBackend server() {
        if (backend == null) {
            backend = chooseBackend();
            System.out.println("[test-databases] using " + backend.describe());
            PostgresBackend started = backend;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // The JVM is exiting; a server that will not stop is killed with it.
                }
            }, "test-postgres-shutdown"));
        }
        return backend;
    }

    private static PostgresBackend chooseBackend() {
        String externalUrl = System.getenv("BANK_TEST_JDBC_URL");
        try {
            if (externalUrl != null && !externalUrl.isBlank()) {
                return new ExternalPostgresBackend(externalUrl,
                        System.getenv("BANK_TEST_JDBC_USER"), System.getenv("BANK_TEST_JDBC_PASSWORD"));
            }
            if ("testcontainers".equalsIgnoreCase(System.getenv("BANK_TEST_PG"))) {
                if (!ContainerPostgresBackend.dockerAvailable()) {
                    throw new IllegalStateException("BANK_TEST_PG=testcontainers but no Docker engine is reachable");
                }
                return new ContainerPostgresBackend();
            }
            boolean durable = !"off".equalsIgnoreCase(System.getenv("BANK_TEST_PG_FSYNC"));
            return new EmbeddedPostgresBackend(durable);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the test PostgreSQL server", e);
        }
    }

    /** What the names of the databases this JVM creates begin with. */
    static String databasePrefix() {
        return "bank_t" + ProcessHandle.current().pid() + "_";
    }

    /** A new empty database, migrated to the current schema, with the node and analyst logins. */
    public static TestDatabase fresh() {
        return fresh(true);
    }

    public static TestDatabase fresh(boolean migrate) {
        PostgresBackend server = server();
        String name = databasePrefix() + COUNTER.incrementAndGet();
        TestDatabase database = new TestDatabase(server, name);
        try {
            TestDatabase maintenance = new TestDatabase(server, "postgres");
            try (Connection connection = maintenance.admin().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + name);
            }
            if (migrate) {
                Migrations.migrate(database.admin());
                Migrations.ensureLoginRole(database.admin(), TestDatabase.WRITER_USER,
                        TestDatabase.WRITER_PASSWORD, Migrations.WRITER_GROUP);
                Migrations.ensureLoginRole(database.admin(), TestDatabase.READER_USER,
                        TestDatabase.READER_PASSWORD, Migrations.READER_GROUP);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + server.describe(), e);
        }
        return database;
    }
}
