package io.bankledger.node.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.bankledger.migrations.Migrations;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * The schema on PostgreSQL in a Docker container, for machines with a Docker engine. Where there
 * is none it is reported as skipped (an assumption), never as passed.
 */
class TestcontainersPostgresTest {

    @Test
    void migrationsApplyToAContainerisedPostgres() throws Exception {
        assumeTrue(dockerAvailable(), "no Docker engine here: the Testcontainers backend is skipped");
        try (PostgreSQLContainer container = new PostgreSQLContainer("postgres:17-alpine")) {
            container.start();
            PGSimpleDataSource admin = new PGSimpleDataSource();
            admin.setUrl(container.getJdbcUrl());
            admin.setUser(container.getUsername());
            admin.setPassword(container.getPassword());

            Migrations.migrate(admin);

            try (Connection connection = admin.getConnection(); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT last_seq FROM node_progress")) {
                rows.next();
                assertEquals(0, rows.getLong(1));
            }
        }
    }

    private static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }
}
