package io.bankledger.migrations;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Brings a node's database to the current schema, and creates the login roles that deployments
 * grant the schema's two groups to. Dev mode, tests and docker-compose all go through here (or,
 * for compose, through the same SQL files), so there is one schema everywhere.
 *
 * <p>Must run as a role that owns the schema (an administrator); the node itself then connects
 * as a member of {@code bank_writer}, which cannot UPDATE or DELETE events.
 */
public final class Migrations {

    /** The group that a node's login role belongs to. */
    public static final String WRITER_GROUP = "bank_writer";
    /** The group that an analyst's login role belongs to: the reporting views only. */
    public static final String READER_GROUP = "bank_reader";
    public static final String LOCATION = "classpath:db/migration";

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private Migrations() {
    }

    public static MigrateResult migrate(DataSource admin) {
        return Flyway.configure()
                .dataSource(admin)
                .locations(LOCATION)
                .failOnMissingLocations(true)
                .load()
                .migrate();
    }

    /**
     * Creates (or updates the password of) a login role that is a member of {@code group}.
     * Roles are cluster-wide, so this is idempotent: several node databases may share a server.
     */
    public static void ensureLoginRole(DataSource admin, String roleName, String password, String group)
            throws SQLException {
        if (!ROLE_NAME.matcher(roleName).matches()) {
            throw new IllegalArgumentException("role name must match " + ROLE_NAME + ": " + roleName);
        }
        if (!WRITER_GROUP.equals(group) && !READER_GROUP.equals(group)) {
            throw new IllegalArgumentException("unknown group: " + group);
        }
        String passwordLiteral = "'" + password.replace("'", "''") + "'";
        try (Connection connection = admin.getConnection()) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
                query.setString(1, roleName);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            try (Statement ddl = connection.createStatement()) {
                if (exists) {
                    ddl.execute("ALTER ROLE " + roleName + " WITH LOGIN PASSWORD " + passwordLiteral);
                } else {
                    try {
                        ddl.execute("CREATE ROLE " + roleName + " LOGIN PASSWORD " + passwordLiteral);
                    } catch (SQLException raced) {
                        // Another database of the same server created it first: 42710 duplicate_object.
                        if (!"42710".equals(raced.getSQLState())) {
                            throw raced;
                        }
                    }
                }
                ddl.execute("GRANT " + group + " TO " + roleName);
            }
        }
    }
}
