package io.bankledger.node.dev;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;

/**
 * An Artemis broker in this JVM, for dev mode and tests: the project's {@code broker/broker.xml}
 * with the acceptor moved to {@code 127.0.0.1:port} and the journal under {@code dataDirectory}.
 * It is a real broker (persistent journal, CORE + AMQP 1.0 + STOMP on one port), not a stand-in.
 *
 * <p>Restarting on the same data directory keeps every persistent message, which the fault tests
 * rely on.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String CONFIG_RESOURCE = "broker/broker.xml";

    private final Path dataDirectory;
    private final int port;
    private EmbeddedActiveMQ broker;

    public EmbeddedBroker(Path dataDirectory, int port) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
    }

    public synchronized EmbeddedBroker start() throws Exception {
        if (broker != null) {
            throw new IllegalStateException("broker already started");
        }
        FileConfiguration configuration = new FileConfiguration();
        FileDeploymentManager deployment = new FileDeploymentManager(CONFIG_RESOURCE);
        deployment.addDeployable(configuration);
        deployment.readConfiguration();

        configuration.getAcceptorConfigurations().clear();
        configuration.addAcceptorConfiguration("bank",
                "tcp://127.0.0.1:" + port + "?protocols=CORE,AMQP,STOMP;useEpoll=false");
        configuration.setBrokerInstance(dataDirectory.toFile());
        configuration.setBindingsDirectory(dataDirectory.resolve("bindings").toString());
        configuration.setJournalDirectory(dataDirectory.resolve("journal").toString());
        configuration.setPagingDirectory(dataDirectory.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString());
        configuration.setNodeManagerLockDirectory(dataDirectory.resolve("lock").toString());
        // JMX is not how this project is operated; skipping it keeps several brokers per JVM apart.
        configuration.setJMXManagementEnabled(false);

        EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
        starting.setConfiguration(configuration);
        starting.start();
        broker = starting;
        return this;
    }

    /** The URL a JMS client uses: CORE protocol over TCP. */
    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    public Path dataDirectory() {
        return dataDirectory;
    }

    public synchronized boolean isRunning() {
        return broker != null && broker.getActiveMQServer().isActive();
    }

    public synchronized EmbeddedActiveMQ delegate() {
        if (broker == null) {
            throw new IllegalStateException("broker not started");
        }
        return broker;
    }

    @Override
    public synchronized void close() throws Exception {
        if (broker != null) {
            try {
                broker.stop();
            } finally {
                broker = null;
            }
        }
    }
}
