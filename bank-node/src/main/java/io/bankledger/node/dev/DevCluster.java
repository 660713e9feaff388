package io.bankledger.node.dev;

import io.bankledger.migrations.Migrations;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.runtime.NodeConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Zero-setup local cluster: an embedded PostgreSQL server with one database per node, an
 * embedded Artemis broker, and N bank nodes, all in this JVM and all real. What `bank-node dev`
 * runs; its data survives a restart in {@code dataDirectory}.
 */
public final class DevCluster implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DevCluster.class);

    public static final String NODE_USER = "bank_node";
    public static final String NODE_PASSWORD = "bank_node";
    public static final String ANALYST_USER = "bank_analyst";
    public static final String ANALYST_PASSWORD = "bank_analyst";

    private final EmbeddedDatabaseServer databases;
    private final EmbeddedBroker broker;
    private final List<BankNode> nodes = new ArrayList<>();
    private final List<Integer> memberIds;
    private int metricsPortBase = 9100;

    private DevCluster(EmbeddedDatabaseServer databases, EmbeddedBroker broker, List<Integer> memberIds) {
        this.databases = databases;
        this.broker = broker;
        this.memberIds = memberIds;
    }

    public static DevCluster start(Path dataDirectory, int nodeCount, int brokerPort, int postgresPort,
                                   boolean durable) throws Exception {
        return start(dataDirectory, nodeCount, brokerPort, postgresPort, durable, 9100);
    }

    /** {@code metricsPortBase}: node N serves /metrics on base + N (0: free ports). */
    public static DevCluster start(Path dataDirectory, int nodeCount, int brokerPort, int postgresPort,
                                   boolean durable, int metricsPortBase) throws Exception {
        List<Integer> members = IntStream.rangeClosed(1, nodeCount).boxed().toList();
        EmbeddedDatabaseServer databases = EmbeddedDatabaseServer.start(dataDirectory.resolve("postgres"),
                postgresPort, durable);
        EmbeddedBroker broker = null;
        try {
            for (int id : members) {
                String database = databaseName(id);
                databases.ensureDatabase(database);
                Migrations.migrate(databases.adminDataSource(database));
                Migrations.ensureLoginRole(databases.adminDataSource(database), NODE_USER, NODE_PASSWORD,
                        Migrations.WRITER_GROUP);
                Migrations.ensureLoginRole(databases.adminDataSource(database), ANALYST_USER, ANALYST_PASSWORD,
                        Migrations.READER_GROUP);
            }
            broker = new EmbeddedBroker(dataDirectory.resolve("broker"), brokerPort).start();
            DevCluster cluster = new DevCluster(databases, broker, members);
            cluster.metricsPortBase = metricsPortBase;
            for (int id : members) {
                cluster.nodes.add(BankNode.start(cluster.nodeConfig(id)));
            }
            return cluster;
        } catch (Exception | Error e) {
            if (broker != null) {
                broker.close();
            }
            databases.close();
            throw e;
        }
    }

    public static String databaseName(int nodeId) {
        return "bank_node_" + nodeId;
    }

    public NodeConfig nodeConfig(int nodeId) {
        return NodeConfig.defaults(nodeId, memberIds, broker.url(), databases.jdbcUrl(databaseName(nodeId)),
                NODE_USER, NODE_PASSWORD)
                .withBroker(broker.url(), BrokerUsers.nodeUser(nodeId), BrokerUsers.DEV_NODE_PASSWORD)
                .withMetrics("127.0.0.1", metricsPortBase == 0 ? 0 : metricsPortBase + nodeId);
    }

    public String brokerUrl() {
        return broker.url();
    }

    public int postgresPort() {
        return databases.port();
    }

    public List<BankNode> nodes() {
        return List.copyOf(nodes);
    }

    @Override
    public void close() throws Exception {
        for (BankNode node : nodes) {
            try {
                node.close();
            } catch (RuntimeException e) {
                LOG.warn("node {} did not close cleanly: {}", node.nodeId(), e.toString());
            }
        }
        broker.close();
        databases.close();
    }
}
