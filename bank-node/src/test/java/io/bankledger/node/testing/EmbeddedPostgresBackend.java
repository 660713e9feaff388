package io.bankledger.node.testing;

import io.bankledger.node.dev.EmbeddedDatabaseServer;
import java.nio.file.Files;
import java.nio.file.Path;

/** The default backend: real PostgreSQL binaries, fsync on, in a temporary directory. */
final class EmbeddedPostgresBackend implements PostgresBackend {

    private final EmbeddedDatabaseServer server;

    EmbeddedPostgresBackend(boolean durable) throws Exception {
        Path directory = Files.createTempDirectory("bank-test-pg");
        this.server = EmbeddedDatabaseServer.start(directory.resolve("data"), 0, durable);
    }

    @Override
    public String jdbcUrl(String database) {
        return server.jdbcUrl(database);
    }

    @Override
    public String adminUser() {
        return EmbeddedDatabaseServer.ADMIN_USER;
    }

    @Override
    public String adminPassword() {
        return "";
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL on 127.0.0.1:" + server.port();
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
