package io.bankledger.node.runtime;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.bankledger.node.intake.Intake;
import io.bankledger.node.ledger.Ledger;
import io.bankledger.node.metrics.HealthServer;
import io.bankledger.node.metrics.NodeMetrics;
import io.bankledger.node.store.NodeStore;
import io.bankledger.node.store.ServerSettings;
import io.bankledger.node.store.Recovered;
import io.bankledger.node.transport.AdminResponder;
import io.bankledger.node.transport.Brokers;
import io.bankledger.node.transport.EventPublisher;
import io.bankledger.node.transport.FaultInjector;
import io.bankledger.node.transport.PaxosTransport;
import io.bankledger.paxos.PaxosConfig;
import io.bankledger.paxos.PaxosNode;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.NodeStatusView;
import jakarta.jms.ConnectionFactory;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replica, assembled: a pooled connection to its database, its store recovered, a Paxos core
 * and a ledger continuing from it, the Paxos transport, the event publisher, the intake, and the
 * loop thread that ties them. {@link #close()} stops taking requests first, then the loop, then
 * the connections; unacknowledged requests stay on the broker for another node.
 */
public final class BankNode implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BankNode.class);
    /** A node this close to the commit index it knows serves reads and is reported ready. */
    private static final long READY_LAG_SLOTS_MAX = 16;

    private final NodeConfig config;
    private final HikariDataSource dataSource;
    private final NodeStore store;
    private final PaxosTransport transport;
    private final EventPublisher events;
    private final Intake intake;
    private final AdminResponder admin;
    private final NodeMetrics metrics;
    private final HealthServer health;
    private final Ledger ledger;
    private final NodeLoop loop;
    private final Thread loopThread;

    private BankNode(NodeConfig config) throws Exception {
        this.config = config;
        this.dataSource = pool(config);
        try {
            store = new NodeStore(dataSource);
            for (String problem : ServerSettings.problems(dataSource)) {
                LOG.warn("node {}: its PostgreSQL server: {}", config.nodeId(), problem);
            }
            Recovered recovered = store.recover(config.outcomeCacheMax());
            LOG.info("node {} recovered: applied slot {}, last seq {}, hash head {}", config.nodeId(),
                    recovered.appliedSlot(), recovered.ledger().lastSeq(), recovered.ledger().lastHash());
            long now = System.currentTimeMillis();
            PaxosConfig paxosConfig = paxosConfig(config);
            PaxosNode paxos = new PaxosNode(paxosConfig, recovered.acceptor(), recovered.appliedSlot(),
                    config.nodeId() * 7919L + now, now);
            ConnectionFactory factory = Brokers.connectionFactory(config.brokerUrl(), config.brokerUser(),
                    config.brokerPassword());
            AtomicReference<NodeLoop> loopRef = new AtomicReference<>();
            FaultInjector faults = config.faultInjection() ? new FaultInjector(config.nodeId(), now) : null;
            if (faults != null) {
                LOG.warn("node {}: FAULT INJECTION ENABLED (tests only): obeys {}", config.nodeId(),
                        FaultInjector.CONTROL_TOPIC);
            }
            metrics = new NodeMetrics(config.nodeId());
            transport = new PaxosTransport(factory, config.nodeId(), message -> loopRef.get().offer(message), faults,
                    metrics, config.brokerUser() == null ? null : config::peerLogin);
            events = new EventPublisher(factory, config.nodeId());
            AtomicReference<Intake> intakeRef = new AtomicReference<>();
            CommandCodec codec = new CommandCodec();
            ledger = new Ledger(recovered.ledger(), config.outcomeCacheMax());
            loop = new NodeLoop(config.nodeId(), paxos, ledger, store, transport, events,
                    codec, (request, reply) -> {
                        metrics.replied(reply.status());
                        intakeRef.get().complete(request, reply);
                    }, System::currentTimeMillis, config.reproposeAfterMs(), turnWaitMs(paxosConfig), metrics);
            loopRef.set(loop);
            intake = new Intake(factory, config.nodeId(), codec, config.pendingMax(), loop::offer);
            intakeRef.set(intake);
            admin = new AdminResponder(factory, config.nodeId(), this::statusView);
            registerGauges();
            health = config.metricsPort() < 0 ? null : new HealthServer(config.metricsHost(), config.metricsPort(),
                    metrics::scrape, this::isRunning, this::notReadyReason);
            loopThread = new Thread(loop, "node-loop-" + config.nodeId());
        } catch (Exception | Error e) {
            dataSource.close();
            throw e;
        }
    }

    /** Recovers from the store, connects to the broker and starts serving. */
    public static BankNode start(NodeConfig config) throws Exception {
        BankNode node = new BankNode(config);
        node.transport.start();
        node.loopThread.start();
        node.intake.start();
        return node;
    }

    private static HikariDataSource pool(NodeConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        hikari.setUsername(config.dbUser());
        hikari.setPassword(config.dbPassword());
        hikari.setMaximumPoolSize(config.dbPoolSize());
        hikari.setPoolName("bank-node-" + config.nodeId());
        hikari.addDataSourceProperty("reWriteBatchedInserts", "true");
        hikari.addDataSourceProperty("ApplicationName", "bank-node-" + config.nodeId());
        return new HikariDataSource(hikari);
    }

    /**
     * How long the loop waits for input before it lets time pass in the core: a few turns per
     * heartbeat and retransmission interval are enough for the timers (decisions are announced
     * as they are made, not on a timer). 12 ms with the defaults; an idle node used to wake
     * every 5 ms.
     */
    static long turnWaitMs(PaxosConfig paxosConfig) {
        return Math.max(1, Math.min(paxosConfig.heartbeatIntervalMs(), paxosConfig.retransmitIntervalMs()) / 4);
    }

    private static PaxosConfig paxosConfig(NodeConfig config) {
        PaxosConfig defaults = PaxosConfig.defaults(config.nodeId(), config.memberIds());
        return new PaxosConfig(config.nodeId(), config.memberIds(), config.batchCommandsMax(),
                config.batchBytesMax(), config.pipelineWindow(), config.heartbeatIntervalMs(),
                config.electionTimeoutMinMs(), config.electionTimeoutMaxMs(), defaults.catchUpChunkSlots(),
                defaults.forwardBufferMax(), defaults.pendingCommandsMax(), defaults.retransmitIntervalMs(),
                defaults.backoffStepsMax());
    }

    public int nodeId() {
        return config.nodeId();
    }

    public NodeStatus status() {
        return loop.status();
    }

    /** This node's status as the admin queue reports it, with its hash at {@code hashAtSeq} if asked. */
    public NodeStatusView statusView(Long hashAtSeq) {
        NodeStatus status = loop.status();
        String role = status.failed() ? "FAILED" : status.leader() ? "LEADER" : "FOLLOWER";
        String hashAt = hashAtSeq == null ? null : store.hashAt(hashAtSeq);
        return new NodeStatusView(status.nodeId(), role, status.ballot(), status.leaderId(), status.commitIndex(),
                status.appliedSlot(), status.lastSeq(), status.lastHash(), status.pendingCommands(), hashAtSeq, hashAt);
    }

    private void registerGauges() {
        metrics.gauge("bank.applied.slot", "Last log slot applied here", () -> loop.status().appliedSlot());
        metrics.gauge("bank.commit.index", "Highest slot this node knows chosen", () -> loop.status().commitIndex());
        metrics.gauge("bank.applied.lag.slots", "Chosen slots not yet applied here (lag behind the leader)",
                () -> Math.max(0, loop.status().commitIndex() - loop.status().appliedSlot()));
        metrics.gauge("bank.events.last.seq", "Seq of the last event in this node's store", () -> loop.status().lastSeq());
        metrics.gauge("bank.leader", "1 while this node leads", () -> loop.status().leader() ? 1 : 0);
        metrics.gauge("bank.outcomes.cached", "Command outcomes the ledger holds in memory (all are in the store)",
                () -> ledger.state().outcomeCount());
        metrics.gauge("bank.pending.commands", "Requests taken from the queue and not yet decided",
                () -> loop.status().pendingCommands());
        metrics.functionCounter("bank.requests.redelivered", "Requests the broker delivered again", intake,
                Intake::redeliveredCount);
        metrics.functionCounter("bank.requests.dead.lettered", "Undecodable requests answered INVALID and dead-lettered",
                intake, Intake::invalidCount);
        metrics.functionCounter("bank.requests.taken", "Valid requests taken from the queue", intake,
                Intake::acceptedCount);
        metrics.functionCounter("bank.requests.messages",
                "Request messages taken from the queue (a client batch is one, whatever it carries)", intake,
                Intake::messageCount);
        metrics.functionCounter("bank.events.published", "Events this node published on bank.events", events,
                EventPublisher::publishedCount);
        metrics.functionCounter("bank.events.unpublished", "Events not published because nobody followed bank.events",
                events, EventPublisher::skippedCount);
        metrics.functionCounter("bank.paxos.undecodable", "Paxos messages dropped as undecodable", transport,
                PaxosTransport::malformedReceived);
    }

    /** Null when ready; else why not. */
    public String notReadyReason() {
        if (!isRunning()) {
            return "node loop stopped";
        }
        NodeStatus status = loop.status();
        if (status.leaderId() < 0) {
            return "no leader known";
        }
        long lag = status.commitIndex() - status.appliedSlot();
        return lag > READY_LAG_SLOTS_MAX ? "catching up: " + lag + " chosen slots not applied yet" : null;
    }

    /** The port of /metrics and /health, or -1 when not served. */
    public int metricsPort() {
        return health == null ? -1 : health.port();
    }

    public NodeMetrics metrics() {
        return metrics;
    }

    public boolean isRunning() {
        return loopThread.isAlive() && !loop.failed();
    }

    public NodeStore store() {
        return store;
    }

    public EventPublisher events() {
        return events;
    }

    public Intake intake() {
        return intake;
    }

    @Override
    public void close() {
        try {
            intake.close();
        } catch (Exception e) {
            LOG.debug("intake close: {}", e.toString());
        }
        if (health != null) {
            health.close();
        }
        try {
            admin.close();
        } catch (Exception e) {
            LOG.debug("admin close: {}", e.toString());
        }
        loop.stop();
        try {
            loopThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            transport.close();
        } catch (Exception e) {
            LOG.debug("transport close: {}", e.toString());
        }
        try {
            events.close();
        } catch (Exception e) {
            LOG.debug("events close: {}", e.toString());
        }
        dataSource.close();
    }
}
