package io.bankledger.node.testing;

import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A freshly created and migrated database of the test server, with the credentials of its three
 * kinds of users: the administrator (schema owner), the node (member of bank_writer) and the
 * analyst (member of bank_reader).
 */
public record TestDatabase(PostgresBackend server, String name) {

    public static final String WRITER_USER = "bank_node";
    public static final String WRITER_PASSWORD = "bank_node_test";
    public static final String READER_USER = "bank_analyst";
    public static final String READER_PASSWORD = "bank_analyst_test";

    public String jdbcUrl() {
        return server.jdbcUrl(name);
    }

    public DataSource admin() {
        return dataSource(server.adminUser(), server.adminPassword());
    }

    public DataSource writer() {
        return dataSource(WRITER_USER, WRITER_PASSWORD);
    }

    public DataSource reader() {
        return dataSource(READER_USER, READER_PASSWORD);
    }

    private DataSource dataSource(String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl());
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }
}
