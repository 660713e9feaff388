package io.bankledger.node.testing;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A server the developer or CI already runs, given as an administrator's JDBC URL in
 * {@code BANK_TEST_JDBC_URL}, for example
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres&password=secret}
 * (or with {@code BANK_TEST_JDBC_USER} / {@code BANK_TEST_JDBC_PASSWORD}). Tests create their
 * own databases on it, named after this JVM's pid ({@link TestDatabases#fresh()}); when the JVM
 * exits they are dropped, so that repeated runs do not pile databases up on a server we do not own.
 */
final class ExternalPostgresBackend implements PostgresBackend {

    private final String hostAndPort;
    private final String user;
    private final String password;

    ExternalPostgresBackend(String adminJdbcUrl, String userOverride, String passwordOverride) {
        Objects.requireNonNull(adminJdbcUrl, "adminJdbcUrl");
        if (!adminJdbcUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("BANK_TEST_JDBC_URL must start with jdbc:postgresql://, got " + adminJdbcUrl);
        }
        URI uri = URI.create(adminJdbcUrl.substring("jdbc:".length()));
        this.hostAndPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String queryUser = null;
        String queryPassword = null;
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] keyValue = pair.split("=", 2);
                if (keyValue.length == 2 && keyValue[0].equals("user")) {
                    queryUser = keyValue[1];
                } else if (keyValue.length == 2 && keyValue[0].equals("password")) {
                    queryPassword = keyValue[1];
                }
            }
        }
        this.user = userOverride != null ? userOverride : (queryUser != null ? queryUser : "postgres");
        this.password = passwordOverride != null ? passwordOverride : (queryPassword != null ? queryPassword : "");
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + hostAndPort + "/" + database;
    }

    @Override
    public String adminUser() {
        return user;
    }

    @Override
    public String adminPassword() {
        return password;
    }

    @Override
    public String describe() {
        return "external PostgreSQL at " + hostAndPort + " (BANK_TEST_JDBC_URL)";
    }

    @Override
    public void close() throws Exception {
        // The server is not ours to stop; the databases this JVM created are ours to drop.
        String prefix = TestDatabases.databasePrefix();
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), user, password);
             Statement statement = connection.createStatement()) {
            List<String> ours = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database WHERE starts_with(datname, '"
                    + prefix + "')")) {
                while (rows.next()) {
                    ours.add(rows.getString(1));
                }
            }
            for (String database : ours) {
                // FORCE (PostgreSQL 13+): a pool of a test that did not close it may still hold a connection.
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            }
        }
    }
}
