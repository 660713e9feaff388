package io.bankledger.node.testing;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.dev.EmbeddedBroker;
import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.runtime.NodeConfig;
import io.bankledger.node.runtime.NodeStatus;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.apache.commons.io.file.PathUtils;

/**
 * A real cluster in the test JVM: its own embedded Artemis broker, one fresh PostgreSQL database
 * per node on the test server, and N bank nodes. Nodes can be stopped and started again on
 * their databases, as a restarted process would be.
 */
public final class TestCluster implements AutoCloseable {

    private EmbeddedBroker broker;
    private final List<Integer> memberIds;
    private final Map<Integer, TestDatabase> databases = new LinkedHashMap<>();
    private final Map<Integer, BankNode> running = new LinkedHashMap<>();

    private final boolean faultInjection;
    private final UnaryOperator<NodeConfig> tweak;

    private TestCluster(EmbeddedBroker broker, List<Integer> memberIds, boolean faultInjection,
                        UnaryOperator<NodeConfig> tweak) {
        this.broker = broker;
        this.memberIds = memberIds;
        this.faultInjection = faultInjection;
        this.tweak = tweak;
    }

    public static TestCluster start(int nodeCount) throws Exception {
        return start(nodeCount, false);
    }

    /** With {@code faultInjection}, nodes obey fault control messages (see {@link #injectFaults}). */
    public static TestCluster start(int nodeCount, boolean faultInjection) throws Exception {
        return start(nodeCount, faultInjection, UnaryOperator.identity());
    }

    /** {@code tweak} adjusts every node's configuration (bounds, batching) before it starts. */
    public static TestCluster start(int nodeCount, boolean faultInjection, UnaryOperator<NodeConfig> tweak)
            throws Exception {
        EmbeddedBroker broker = new EmbeddedBroker(Files.createTempDirectory("bank-cluster-broker"),
                TestBroker.freePort()).start();
        TestCluster cluster = new TestCluster(broker, IntStream.rangeClosed(1, nodeCount).boxed().toList(),
                faultInjection, tweak);
        try {
            for (int id : cluster.memberIds) {
                cluster.databases.put(id, TestDatabases.fresh());
            }
            for (int id : cluster.memberIds) {
                cluster.startNode(id);
            }
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        return cluster;
    }

    public NodeConfig config(int nodeId) {
        TestDatabase database = databases.get(nodeId);
        return tweak.apply(NodeConfig.defaults(nodeId, memberIds, broker.url(), database.jdbcUrl(),
                        TestDatabase.WRITER_USER, TestDatabase.WRITER_PASSWORD)
                .withFaultInjection(faultInjection).withMetrics("127.0.0.1", 0)
                .withBroker(broker.url(), BrokerUsers.nodeUser(nodeId), BrokerUsers.DEV_NODE_PASSWORD));
    }

    public synchronized BankNode startNode(int nodeId) throws Exception {
        if (running.containsKey(nodeId)) {
            throw new IllegalStateException("node " + nodeId + " is already running");
        }
        BankNode node = BankNode.start(config(nodeId));
        running.put(nodeId, node);
        return node;
    }

    public synchronized void stopNode(int nodeId) {
        BankNode node = running.remove(nodeId);
        if (node == null) {
            throw new IllegalStateException("node " + nodeId + " is not running");
        }
        node.close();
    }

    public synchronized List<BankNode> runningNodes() {
        return new ArrayList<>(running.values());
    }

    public synchronized Optional<BankNode> leader() {
        return running.values().stream().filter(node -> node.status().leader()).findFirst();
    }

    public BankNode awaitLeader(Duration timeout) {
        await(timeout, "a leader", () -> leader().isPresent());
        return leader().orElseThrow();
    }

    public TestDatabase database(int nodeId) {
        return databases.get(nodeId);
    }

    public List<Integer> memberIds() {
        return memberIds;
    }

    public String brokerUrl() {
        return broker.url();
    }

    public EmbeddedBroker broker() {
        return broker;
    }

    /** Stops the broker and starts it again on the same journal and port, as a broker restart. */
    public synchronized void restartBroker() throws Exception {
        broker.close();
        broker = new EmbeddedBroker(broker.dataDirectory(), broker.port()).start();
    }

    /** Publishes a fault control message (see FaultInjector) to the nodes. */
    public void injectFaults(String controlJson) throws Exception {
        try (var connection = new org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory(broker.url())
                .createConnection(BrokerUsers.DEV_OPERATOR_USER, BrokerUsers.DEV_OPERATOR_PASSWORD)) {
            var session = connection.createSession(false, jakarta.jms.Session.AUTO_ACKNOWLEDGE);
            session.createProducer(session.createTopic(io.bankledger.node.transport.FaultInjector.CONTROL_TOPIC))
                    .send(session.createTextMessage(controlJson));
        }
    }

    /** Waits until every running node has applied the same last seq and hash head. */
    public void awaitConvergence(Duration timeout) {
        await(timeout, "all running nodes at the same hash head, each past every slot any of them knows chosen", () -> {
            List<NodeStatus> statuses = runningNodes().stream().map(BankNode::status).toList();
            // A node answers once a slot is chosen, before its own store commit: equal heads alone
            // could be every node's head before the slot just answered.
            long chosen = statuses.stream().mapToLong(NodeStatus::commitIndex).max().orElse(0);
            return statuses.stream().map(NodeStatus::lastHash).distinct().count() == 1
                    && statuses.stream().map(NodeStatus::lastSeq).distinct().count() == 1
                    && statuses.stream().allMatch(status -> status.appliedSlot() >= chosen);
        });
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; then fails with {@code what}. */
    public static void await(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }

    @Override
    public synchronized void close() throws Exception {
        for (BankNode node : running.values()) {
            node.close();
        }
        running.clear();
        broker.close();
        PathUtils.deleteDirectory(broker.dataDirectory());
    }
}
