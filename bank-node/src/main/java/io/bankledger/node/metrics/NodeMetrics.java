package io.bankledger.node.metrics;

import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * One node's meters. Every meter carries the tag {@code node}. Names are Prometheus-style once
 * scraped: {@code bank_commands_applied_total}, {@code bank_commit_latency_seconds}, ...
 *
 * <p>Thread-safe: the loop, the intake and the JMS delivery threads all record here.
 */
public final class NodeMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final String node;
    private final ConcurrentMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final DistributionSummary batchCommands;
    private final Counter slotsApplied;
    private final Counter leaderChanges;
    private final Timer commitLatency;
    private final Timer acceptorWrite;
    private final Timer applyWrite;

    public NodeMetrics(int nodeId) {
        this.node = Integer.toString(nodeId);
        registry.config().commonTags("node", node);
        batchCommands = DistributionSummary.builder("bank.batch.commands")
                .description("Commands per applied Paxos slot").publishPercentileHistogram()
                .register(registry);
        slotsApplied = Counter.builder("bank.slots.applied").description("Log slots applied").register(registry);
        leaderChanges = Counter.builder("bank.leader.changes").description("Times this node saw the leader change")
                .register(registry);
        commitLatency = Timer.builder("bank.commit.latency")
                .description("From a request's first proposal by this node to its answer (slot chosen, outcome decided)")
                .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(30)).register(registry);
        acceptorWrite = Timer.builder("bank.store.write").tag("kind", "acceptor")
                .description("PostgreSQL transaction making acceptor state durable").publishPercentileHistogram()
                .register(registry);
        applyWrite = Timer.builder("bank.store.write").tag("kind", "apply")
                .description("PostgreSQL transaction applying a group of chosen batches").publishPercentileHistogram()
                .register(registry);
    }

    /** An outcome the ledger decided for a command in the log (every node counts the same ones). */
    public void applied(String commandType, Status status, Reason reason) {
        counter("bank.commands.applied", "type", commandType, "status", status.name(),
                "reason", reason == null ? "" : reason.name()).increment();
    }

    /**
     * Before applying a group: {@code asked} commandIds whose outcomes the ledger did not hold in
     * memory were looked up in the store, and {@code found} of them had one (retries, and
     * get-status of older commands).
     */
    public void outcomesLookedUp(int asked, int found) {
        if (asked > 0) {
            counter("bank.outcomes.lookups", "found", "false").increment(asked - found);
            counter("bank.outcomes.lookups", "found", "true").increment(found);
        }
    }

    /** A reply this node sent (INVALID ones included). */
    public void replied(Status status) {
        counter("bank.replies", "status", status.name()).increment();
    }

    public void batchApplied(int commands) {
        batchCommands.record(commands);
        slotsApplied.increment();
    }

    public void leaderChanged() {
        leaderChanges.increment();
    }

    public void commitLatency(long nanos) {
        commitLatency.record(Duration.ofNanos(nanos));
    }

    public void acceptorWrite(long nanos) {
        acceptorWrite.record(Duration.ofNanos(nanos));
    }

    public void applyWrite(long nanos) {
        applyWrite.record(Duration.ofNanos(nanos));
    }

    /** A Paxos message sent ({@code direction} "out") or received ("in"), by its type. */
    public void paxosMessage(String direction, String type) {
        counter("bank.paxos.messages", "direction", direction, "type", type).increment();
    }

    /** A Paxos message dropped because it did not come from the node it claims (forgery). */
    public void paxosForgery() {
        counter("bank.paxos.forgeries").increment();
    }

    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    public <T> void functionCounter(String name, String description, T source, ToDoubleFunction<T> value) {
        FunctionCounter.builder(name, source, value).description(description).register(registry);
    }

    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    private Counter counter(String name, String... tags) {
        String key = name + String.join("|", tags);
        return counters.computeIfAbsent(key, k -> Counter.builder(name).tags(tags).register(registry));
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }
}
