package io.bankledger.node.dev;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.store.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings an embedded server runs with are the ones we chose, read back from the server itself. */
class EmbeddedDatabaseServerTest {

    private static Map<String, String> settings(EmbeddedDatabaseServer server, String... names) throws Exception {
        Map<String, String> values = new LinkedHashMap<>();
        try (Connection connection = server.adminDataSource("postgres").getConnection();
             Statement statement = connection.createStatement()) {
            for (String name : names) {
                try (ResultSet row = statement.executeQuery("SHOW " + name)) {
                    row.next();
                    values.put(name, row.getString(1));
                }
            }
        }
        return values;
    }

    @Test
    void aDurableServerFlushesEveryCommitAndKeepsItsLog(@TempDir Path directory) throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory.resolve("pg"), 0, true)) {
            assertEquals(Map.of("fsync", "on", "synchronous_commit", "on", "full_page_writes", "on",
                            "max_wal_size", "1GB", "logging_collector", "on", "log_autovacuum_min_duration", "1s",
                            "autovacuum_naptime", "5s", "io_method", "sync"),
                    settings(server, "fsync", "synchronous_commit", "full_page_writes", "max_wal_size",
                            "logging_collector", "log_autovacuum_min_duration", "autovacuum_naptime", "io_method"));
            assertTrue(Files.isDirectory(directory.resolve("pg/log")), "the server's log directory");
            assertEquals(List.of(), ServerSettings.problems(server.adminDataSource("postgres")));
        }
    }

    @Test
    void aServerForThrowawayDataSkipsTheFlushes(@TempDir Path directory) throws Exception {
        try (EmbeddedDatabaseServer server = EmbeddedDatabaseServer.start(directory.resolve("pg"), 0, false)) {
            assertEquals(Map.of("fsync", "off", "synchronous_commit", "off", "full_page_writes", "off"),
                    settings(server, "fsync", "synchronous_commit", "full_page_writes"));
            // A node started on it says so (dev mode's --no-fsync, tests that do not test durability).
            assertEquals(List.of("fsync is off: a crash of the server can lose or corrupt acknowledged transfers",
                            "full_page_writes is off: a crash of the server can lose or corrupt acknowledged transfers",
                            "synchronous_commit is off: a crash of the server can lose acknowledged transfers"),
                    ServerSettings.problems(server.adminDataSource("postgres")));
        }
    }
}
