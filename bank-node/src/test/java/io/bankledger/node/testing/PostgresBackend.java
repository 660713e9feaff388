package io.bankledger.node.testing;

/**
 * A PostgreSQL server that tests create their databases on. One is chosen per test JVM by
 * {@link TestDatabases}: an external server ({@code BANK_TEST_JDBC_URL}), a Testcontainers
 * container where a Docker engine exists and {@code BANK_TEST_PG=testcontainers}, or by default
 * an embedded server (real PostgreSQL binaries started from the JVM).
 */
public interface PostgresBackend extends AutoCloseable {

    /** JDBC URL of {@code database} on this server, without credentials. */
    String jdbcUrl(String database);

    String adminUser();

    String adminPassword();

    /** One line for test logs: which server the suite talks to. */
    String describe();

    @Override
    void close() throws Exception;
}
