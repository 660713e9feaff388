package io.bankledger.node.testing;

import io.bankledger.node.dev.EmbeddedDatabaseServer;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.commons.io.file.PathUtils;

/**
 * The default backend: real PostgreSQL binaries, fsync on, in a temporary directory that goes with
 * the server (a test run writes up to a gigabyte there).
 */
final class EmbeddedPostgresBackend implements PostgresBackend {

    private final Path directory;
    private final EmbeddedDatabaseServer server;

    EmbeddedPostgresBackend(boolean durable) throws Exception {
        this.directory = Files.createTempDirectory("bank-test-pg");
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
        // At JVM exit zonky's own shutdown hook may be stopping the server while this one runs, and
        // its close then returns at once: the files go once the postmaster has removed its pid file,
        // the last thing it does, and a file that zonky removes while they are walked is retried.
        Path pidFile = directory.resolve("data").resolve("postmaster.pid");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (Files.exists(pidFile) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        for (int attempt = 1; ; attempt++) {
            try {
                PathUtils.deleteDirectory(directory);
                return;
            } catch (NoSuchFileException | DirectoryNotEmptyException raced) {
                if (attempt == 3) {
                    throw raced;
                }
                Thread.sleep(100);
            }
        }
    }
}
