package io.bankledger.node.dev;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The broker's logins and roles, read from the same {@code broker/artemis-users.properties} and
 * {@code broker/artemis-roles.properties} that the Artemis image of docker-compose reads, plus
 * the development credentials that dev mode and the tests use by name.
 */
public final class BrokerUsers {

    public static final String USERS_RESOURCE = "broker/artemis-users.properties";
    public static final String ROLES_RESOURCE = "broker/artemis-roles.properties";

    /** Development password of every node login {@code bank-node-<id>}. */
    public static final String DEV_NODE_PASSWORD = "bank-node-dev";
    public static final String DEV_CLIENT_USER = "bank-client";
    public static final String DEV_CLIENT_PASSWORD = "bank-client-dev";
    public static final String DEV_READER_USER = "bank-reader";
    public static final String DEV_READER_PASSWORD = "bank-reader-dev";
    public static final String DEV_OPERATOR_USER = "bank-operator";
    public static final String DEV_OPERATOR_PASSWORD = "bank-operator-dev";

    private BrokerUsers() {
    }

    /** The login of node {@code nodeId}; a node checks that Paxos messages from node N came from it. */
    public static String nodeUser(int nodeId) {
        return "bank-node-" + nodeId;
    }

    /** user → password. */
    public static Map<String, String> users() {
        Map<String, String> users = new LinkedHashMap<>();
        load(USERS_RESOURCE).forEach((user, password) -> users.put(((String) user).trim(), ((String) password).trim()));
        return users;
    }

    /** user → roles. */
    public static Map<String, List<String>> rolesByUser() {
        Map<String, List<String>> roles = new LinkedHashMap<>();
        load(ROLES_RESOURCE).forEach((role, members) -> {
            for (String user : ((String) members).split(",")) {
                if (!user.isBlank()) {
                    roles.computeIfAbsent(user.trim(), u -> new ArrayList<>()).add(((String) role).trim());
                }
            }
        });
        return roles;
    }

    private static Properties load(String resource) {
        Properties properties = new Properties();
        try (InputStream in = BrokerUsers.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
