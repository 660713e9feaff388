package io.bankledger.node.dev;

import java.nio.file.Path;
import java.util.Objects;
import org.apache.activemq.artemis.core.config.FileDeploymentManager;
import org.apache.activemq.artemis.core.config.impl.FileConfiguration;
import org.apache.activemq.artemis.core.config.impl.SecurityConfiguration;
import org.apache.activemq.artemis.core.server.embedded.EmbeddedActiveMQ;
import org.apache.activemq.artemis.spi.core.security.ActiveMQJAASSecurityManager;
import org.apache.activemq.artemis.spi.core.security.jaas.InVMLoginModule;

/**
 * An Artemis broker in this JVM, for dev mode and tests: the project's {@code broker/broker.xml}
 * with the acceptor moved to {@code 127.0.0.1:port} and the journal under {@code dataDirectory}.
 * It is a real broker (persistent journal, CORE + AMQP 1.0 + STOMP on one port), not a stand-in.
 *
 * <p>Authentication and the per-address roles of broker.xml are on; the logins come from
 * {@link BrokerUsers} (the same properties files the compose broker reads). An optional TLS
 * acceptor serves the same protocols.
 *
 * <p>Restarting on the same data directory keeps every persistent message, which the fault tests
 * rely on.
 */
public final class EmbeddedBroker implements AutoCloseable {

    public static final String CONFIG_RESOURCE = "broker/broker.xml";

    private final Path dataDirectory;
    private final int port;
    private final Tls tls;
    private EmbeddedActiveMQ broker;

    /** A TLS acceptor on {@code port} with a PKCS#12 key store. */
    public record Tls(int port, Path keyStore, String keyStorePassword) {
    }

    public EmbeddedBroker(Path dataDirectory, int port) {
        this(dataDirectory, port, null);
    }

    public EmbeddedBroker(Path dataDirectory, int port, Tls tls) {
        this.dataDirectory = Objects.requireNonNull(dataDirectory, "dataDirectory");
        if (port <= 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        this.tls = tls;
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
        if (tls != null) {
            configuration.addAcceptorConfiguration("bank-tls", "tcp://127.0.0.1:" + tls.port()
                    + "?protocols=CORE,AMQP,STOMP;useEpoll=false;sslEnabled=true;keyStoreType=PKCS12;keyStorePath="
                    + tls.keyStore().toAbsolutePath() + ";keyStorePassword=" + tls.keyStorePassword());
        }
        configuration.setBrokerInstance(dataDirectory.toFile());
        configuration.setBindingsDirectory(dataDirectory.resolve("bindings").toString());
        configuration.setJournalDirectory(dataDirectory.resolve("journal").toString());
        configuration.setPagingDirectory(dataDirectory.resolve("paging").toString());
        configuration.setLargeMessagesDirectory(dataDirectory.resolve("large-messages").toString());
        configuration.setNodeManagerLockDirectory(dataDirectory.resolve("lock").toString());
        // JMX is not how this project is operated; skipping it keeps several brokers per JVM apart.
        configuration.setJMXManagementEnabled(false);
        // broker.xml is read once, from the classpath (inside a jar when packaged): nothing to
        // watch for changes, and watching a jar entry only logged that the file "does not exist".
        configuration.setConfigurationFileRefreshPeriod(-1);

        SecurityConfiguration logins = new SecurityConfiguration();
        BrokerUsers.users().forEach(logins::addUser);
        BrokerUsers.rolesByUser().forEach((user, roles) -> roles.forEach(role -> logins.addRole(user, role)));
        EmbeddedActiveMQ starting = new EmbeddedActiveMQ();
        starting.setConfiguration(configuration);
        starting.setSecurityManager(new ActiveMQJAASSecurityManager(InVMLoginModule.class.getName(), logins));
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
