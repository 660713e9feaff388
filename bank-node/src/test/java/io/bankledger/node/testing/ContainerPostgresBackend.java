package io.bankledger.node.testing;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

/** PostgreSQL in a Docker container, for machines that have a Docker engine. */
final class ContainerPostgresBackend implements PostgresBackend {

    static final String IMAGE = "postgres:17-alpine";

    private final PostgreSQLContainer container;

    ContainerPostgresBackend() {
        container = new PostgreSQLContainer(IMAGE);
        container.start();
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError unavailable) {
            return false;
        }
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + container.getHost() + ":" + container.getMappedPort(5432) + "/" + database;
    }

    @Override
    public String adminUser() {
        return container.getUsername();
    }

    @Override
    public String adminPassword() {
        return container.getPassword();
    }

    @Override
    public String describe() {
        return "Testcontainers PostgreSQL (" + IMAGE + ")";
    }

    @Override
    public void close() {
        container.stop();
    }
}
