package io.bankledger.paxos.sim;

import io.bankledger.paxos.CatchUpServe;
import io.bankledger.paxos.Decision;
import io.bankledger.paxos.DurableWrite;
import io.bankledger.paxos.Envelope;
import io.bankledger.paxos.Output;
import io.bankledger.paxos.PaxosConfig;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.paxos.message.PaxosMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One deterministic run of a simulated cluster: everything (cluster size, configuration, fault
 * mix, workload, every drop and delay, each node's clock skew) is drawn from one seeded
 * {@link Random}, time is simulated, and the only inputs to the nodes are their three entry
 * points. Outputs are carried out as the runtime would (writes, then sends, then decisions, then
 * catch-up serves), and every durable write and decision goes through the
 * {@link InvariantChecker} as it is applied. Faults are on until the heal time; after it every
 * command must be delivered on every node within {@link #LIVENESS_BOUND_MS}. Like the runtime,
 * the simulated client offers again any command not chosen after {@link #RETRY_AFTER_MS}.
 *
 * <p>{@code -Dpaxos.trace=true} prints the run's events (useful when replaying one seed).
 */
public final class Simulation {

    public static final long LIVENESS_BOUND_MS = 30_000;
    static final long TICK_MS = 10;
    static final long RETRY_AFTER_MS = 1_000;
    private static final long RETRY_CHECK_MS = 100;

    /** Parameters of one run, derived from its seed (or set by a test). */
    public record Plan(long seed, int nodes, FaultMix faults, int commands, long proposeUntilMs,
            long healAtMs, int pipelineWindow, int batchCommandsMax, int catchUpChunkSlots,
            int nodeDownUntilHeal, boolean twitchyTimeouts, long clockSkewMaxMs) {

        /** A calm or scripted plan with the default timeouts and no clock skew. */
        public Plan(long seed, int nodes, FaultMix faults, int commands, long proposeUntilMs, long healAtMs,
                int pipelineWindow, int batchCommandsMax, int catchUpChunkSlots, int nodeDownUntilHeal) {
            this(seed, nodes, faults, commands, proposeUntilMs, healAtMs, pipelineWindow, batchCommandsMax,
                    catchUpChunkSlots, nodeDownUntilHeal, false, 0);
        }

        public static Plan fromSeed(long seed) {
            Random random = new Random(seed);
            int nodes = random.nextInt(5) < 3 ? 3 : 5;
            FaultMix faults = FaultMix.pick(random);
            int commands = 50 + random.nextInt(251);
            long proposeUntilMs = 1_000 + random.nextInt(3_000);
            long healAtMs = proposeUntilMs + random.nextInt(2_000);
            // Twitchy timeouts (election barely above heartbeat plus jitter) make leaders duel.
            boolean twitchy = random.nextInt(4) == 0;
            long clockSkewMaxMs = random.nextBoolean() ? 0 : random.nextInt(2_000);
            return new Plan(seed, nodes, faults, commands, proposeUntilMs, healAtMs, 1 + random.nextInt(8),
                    1 + random.nextInt(16), 4 + random.nextInt(61), 0, twitchy, clockSkewMaxMs);
        }
    }

    private final Plan plan;
    private final Random random;
    private final SimNetwork network;
    private final Map<Integer, SimNode> nodes = new HashMap<>();
    private final List<Integer> memberIds = new ArrayList<>();
    private final InvariantChecker checker;
    private final Map<Integer, Set<Long>> deliveredIds = new HashMap<>();
    private final Set<Integer> crashOnNextOutput = new HashSet<>();

    private final long[] proposeAtMs;
    private final long[] lastProposedMs;
    private int nextCommand;
    private long nextRetryCheckMs = RETRY_CHECK_MS;
    private long nowMs;
    /** Each node's clock runs ahead of simulated time by a fixed skew. */
    private final long[] clockOffsetMs;
    private long nextTickMs = TICK_MS;
    private long nextFaultMs;
    private boolean healed;
    private int crashes;
    private int partitions;

    public Simulation(Plan plan) {
        this.plan = plan;
        this.random = new Random(plan.seed() * 0x9E3779B97F4A7C15L + 1);
        for (int id = 1; id <= plan.nodes(); id++) {
            memberIds.add(id);
        }
        this.network = new SimNetwork(random, 1 + random.nextInt(3), plan.faults(), plan.nodes());
        this.checker = new InvariantChecker(plan.nodes() / 2 + 1);
        this.clockOffsetMs = new long[plan.nodes() + 1];
        for (int id : memberIds) {
            PaxosConfig config = PaxosConfig.defaults(id, memberIds)
                    .withPipelineWindow(plan.pipelineWindow())
                    .withBatchCommandsMax(plan.batchCommandsMax());
            long heartbeatMs = plan.twitchyTimeouts() ? 20 : config.heartbeatIntervalMs();
            long electionMinMs = plan.twitchyTimeouts() ? 40 : config.electionTimeoutMinMs();
            long electionMaxMs = plan.twitchyTimeouts() ? 90 : config.electionTimeoutMaxMs();
            config = new PaxosConfig(id, memberIds, config.batchCommandsMax(), config.batchBytesMax(),
                    config.pipelineWindow(), heartbeatMs, electionMinMs, electionMaxMs, plan.catchUpChunkSlots(),
                    config.forwardBufferMax(), config.pendingCommandsMax(), config.retransmitIntervalMs(),
                    config.backoffStepsMax());
            clockOffsetMs[id] = plan.clockSkewMaxMs() == 0 ? 0 : (long) (random.nextDouble() * plan.clockSkewMaxMs());
            nodes.put(id, new SimNode(config, nodeSeed(id), clockOffsetMs[id]));
            deliveredIds.put(id, new HashSet<>());
        }
        this.proposeAtMs = new long[plan.commands()];
        for (int i = 0; i < proposeAtMs.length; i++) {
            proposeAtMs[i] = (long) (random.nextDouble() * plan.proposeUntilMs());
        }
        java.util.Arrays.sort(proposeAtMs);
        this.lastProposedMs = new long[plan.commands()];
        this.nextFaultMs = 50 + random.nextInt(300);
        if (plan.nodeDownUntilHeal() != 0) {
            nodes.get(plan.nodeDownUntilHeal()).crash();
        }
    }

    /** Gives every node a store that forgets its promises and accepts on restart (a broken acceptor). */
    public Simulation withAmnesiacAcceptors() {
        nodes.values().forEach(SimNode::makeAmnesiac);
        return this;
    }

    public static RunResult run(long seed) {
        return new Simulation(Plan.fromSeed(seed)).run();
    }

    public RunResult run() {
        while (!(healed && everyCommandDeliveredEverywhere())) {
            if (healed && nowMs > plan.healAtMs() + LIVENESS_BOUND_MS) {
                throw new InvariantViolation("liveness: " + undeliveredSummary() + " still missing "
                        + LIVENESS_BOUND_MS + " ms after the faults stopped");
            }
            step();
        }
        for (SimNode node : nodes.values()) {
            checker.checkPrefix(node.id(), node.log());
        }
        long slots = nodes.values().stream().mapToLong(n -> n.log().size()).max().orElse(0);
        return new RunResult(plan.seed(), plan.nodes(), plan.faults().name(), plan.commands(), slots,
                nowMs - plan.healAtMs(), network.messagesSent(), crashes, partitions, checker.ballotsSeen());
    }

    public SimNode node(int id) {
        return nodes.get(id);
    }

    public InvariantChecker checker() {
        return checker;
    }

    private void step() {
        long next = Math.min(network.nextDeliveryMs(), nextTickMs);
        next = Math.min(next, Math.min(nextClientMs(), healed ? Long.MAX_VALUE : Math.min(nextFaultMs, plan.healAtMs())));
        nowMs = Math.max(nowMs, next);
        if (!healed && nowMs >= plan.healAtMs()) {
            heal();
        }
        if (!healed && nowMs >= nextFaultMs) {
            injectFault();
            nextFaultMs = nowMs + 20 + random.nextInt(plan.faults().crashes() && plan.faults().partitions() ? 180 : 350);
        }
        SimNetwork.InFlight message;
        while ((message = network.poll(nowMs)) != null) {
            SimNode target = nodes.get(message.to());
            if (target.isUp()) {
                PaxosMessage decoded = PaxosCodec.decode(message.bytes());
                if (TRACE) {
                    System.out.println(nowMs + " deliver " + message.from() + "->" + message.to() + " " + describe(decoded));
                }
                apply(target, target.node().handle(decoded, localNow(target)));
            }
        }
        clientStep();
        if (nowMs >= nextTickMs) {
            for (int id : memberIds) {
                SimNode node = nodes.get(id);
                if (node.isUp()) {
                    apply(node, node.node().tick(localNow(node)));
                }
            }
            nextTickMs += TICK_MS;
        }
    }

    private long nextClientMs() {
        long nextNew = nextCommand < proposeAtMs.length ? proposeAtMs[nextCommand] : Long.MAX_VALUE;
        return Math.min(nextNew, nextRetryCheckMs);
    }

    private void clientStep() {
        while (nextCommand < proposeAtMs.length && proposeAtMs[nextCommand] <= nowMs) {
            proposeSomewhere(nextCommand++);
        }
        if (nowMs >= nextRetryCheckMs) {
            // What the runtime does with a command whose outcome it has not seen: offer it again.
            for (int id = 0; id < nextCommand; id++) {
                if (nowMs - lastProposedMs[id] >= RETRY_AFTER_MS && !checker.isChosen(id)) {
                    proposeSomewhere(id);
                }
            }
            nextRetryCheckMs = nowMs + RETRY_CHECK_MS;
        }
    }

    private void proposeSomewhere(int commandId) {
        lastProposedMs[commandId] = nowMs;
        List<SimNode> up = nodes.values().stream().filter(SimNode::isUp).toList();
        if (up.isEmpty()) {
            return;
        }
        SimNode target = up.get(random.nextInt(up.size()));
        byte[] command = Commands.command(commandId, commandId % 23);
        checker.proposed(command);
        if (TRACE) {
            System.out.println(nowMs + " client proposes " + commandId + " to " + target.id());
        }
        apply(target, target.node().propose(command, localNow(target)));
    }

    private void sendAll(SimNode node, List<Envelope> envelopes) {
        for (Envelope envelope : envelopes) {
            network.send(nowMs, node.id(), envelope.toNodeId(), envelope.message());
        }
    }

    /** Carries out an output in the runtime's order: proposer's sends, writes, sends, decisions, serves. */
    private void apply(SimNode node, Output output) {
        if (TRACE) {
            for (Decision d : output.decisions()) {
                System.out.println(nowMs + " node " + node.id() + " decides " + d.slot() + " ids="
                        + d.value().commands().stream().map(Commands::idOf).toList());
            }
        }
        if (crashOnNextOutput.remove(node.id())) {
            if (TRACE) {
                System.out.println(nowMs + " node " + node.id() + " crashes mid-output");
            }
            if (random.nextBoolean()) {
                // Crash while making the writes durable: a prefix survives; of the envelopes, only
                // the proposer's (which leave before the writes) may have been sent.
                if (random.nextBoolean()) {
                    sendAll(node, output.proposerSends());
                }
                int survivors = random.nextInt(output.writes().size() + 1);
                for (DurableWrite write : output.writes().subList(0, survivors)) {
                    makeDurable(node, write);
                }
            } else {
                // Crash after sending, before applying: the decisions must come again.
                sendAll(node, output.proposerSends());
                output.writes().forEach(write -> makeDurable(node, write));
                sendAll(node, output.sends());
            }
            node.crash();
            return;
        }
        sendAll(node, output.proposerSends());
        for (DurableWrite write : output.writes()) {
            makeDurable(node, write);
        }
        sendAll(node, output.sends());
        for (Decision decision : output.decisions()) {
            node.append(decision.slot(), decision.value());
            checker.delivered(node.id(), decision.slot(), decision.value());
            Set<Long> ids = deliveredIds.get(node.id());
            for (byte[] command : decision.value().commands()) {
                ids.add(Commands.idOf(command));
            }
        }
        for (CatchUpServe serve : output.serves()) {
            if (serve.slotCount() > plan.catchUpChunkSlots()) {
                throw new InvariantViolation("node " + node.id() + " serves " + serve.slotCount()
                        + " slots at once, above the chunk bound " + plan.catchUpChunkSlots());
            }
            network.send(nowMs, node.id(), serve.toNodeId(),
                    serve.reply(node.id(), node.readLog(serve.fromSlot(), serve.toSlot())));
        }
    }

    static final boolean TRACE = Boolean.getBoolean("paxos.trace");

    private static String describe(PaxosMessage message) {
        if (message instanceof io.bankledger.paxos.message.Forward f) {
            return "Forward[" + f.from() + ", ids=" + f.commands().stream().map(Commands::idOf).toList() + "]";
        }
        if (message instanceof io.bankledger.paxos.message.Accept a) {
            return "Accept[" + a.ballot() + " slot " + a.slot() + " ids="
                    + a.value().commands().stream().map(Commands::idOf).toList() + " commit " + a.commitIndex() + "]";
        }
        return message.toString();
    }

    private void makeDurable(SimNode node, DurableWrite write) {
        node.makeDurable(write);
        if (write instanceof DurableWrite.AcceptWrite accept) {
            checker.acceptWritten(node.id(), accept.slot(), accept.ballot(), accept.value());
        }
    }

    private void injectFault() {
        FaultMix faults = plan.faults();
        boolean crash = faults.crashes() && (!faults.partitions() || random.nextBoolean());
        if (crash) {
            List<SimNode> up = nodes.values().stream().filter(SimNode::isUp).toList();
            List<SimNode> down = nodes.values().stream().filter(n -> !n.isUp()).toList();
            if (!down.isEmpty() && (up.isEmpty() || random.nextInt(3) == 0)) {
                restart(down.get(random.nextInt(down.size())));
            } else if (!up.isEmpty()) {
                SimNode victim = random.nextBoolean() ? leaderOr(up) : up.get(random.nextInt(up.size()));
                crashes++;
                if (random.nextBoolean()) {
                    if (TRACE) {
                        System.out.println(nowMs + " node " + victim.id() + " crashes");
                    }
                    victim.crash();
                } else {
                    crashOnNextOutput.add(victim.id());
                }
            }
        } else if (faults.partitions()) {
            int[] groups = new int[plan.nodes() + 1];
            int mode = random.nextInt(4);
            if (mode == 1) {
                // Cut off whoever leads (most harmful: a stale leader keeps proposing).
                List<SimNode> up = nodes.values().stream().filter(SimNode::isUp).toList();
                if (!up.isEmpty()) {
                    groups[leaderOr(up).id()] = 1;
                }
            } else if (mode != 0) {
                for (int id : memberIds) {
                    groups[id] = random.nextInt(2);
                }
            }
            network.partition(groups);
            partitions++;
        }
    }

    /** A node that believes it leads (the highest ballot among them), else a random one. */
    private SimNode leaderOr(List<SimNode> up) {
        SimNode leader = null;
        for (SimNode node : up) {
            if (node.node().isLeader() && (leader == null || node.node().ballot().isAbove(leader.node().ballot()))) {
                leader = node;
            }
        }
        return leader != null ? leader : up.get(random.nextInt(up.size()));
    }

    private void restart(SimNode node) {
        checker.checkPrefix(node.id(), node.log());
        if (TRACE) {
            System.out.println(nowMs + " node " + node.id() + " restarts");
        }
        node.restart(nodeSeed(node.id()), localNow(node));
    }

    private void heal() {
        healed = true;
        network.heal();
        crashOnNextOutput.clear();
        for (int id : memberIds) {
            SimNode node = nodes.get(id);
            if (!node.isUp()) {
                restart(node);
            }
        }
    }

    private long localNow(SimNode node) {
        return nowMs + clockOffsetMs[node.id()];
    }

    private long nodeSeed(int id) {
        return plan.seed() * 1_000_003L + id * 7919L;
    }

    private boolean everyCommandDeliveredEverywhere() {
        for (Set<Long> ids : deliveredIds.values()) {
            if (ids.size() < plan.commands()) {
                return false;
            }
        }
        return true;
    }

    private String undeliveredSummary() {
        StringBuilder summary = new StringBuilder();
        for (int id : memberIds) {
            SimNode node = nodes.get(id);
            summary.append("node ").append(id).append(": ")
                    .append(plan.commands() - deliveredIds.get(id).size()).append(" of ").append(plan.commands())
                    .append(" commands undelivered, log ").append(node.log().size())
                    .append(node.isUp() ? ", commit " + node.node().commitIndex() + ", leader "
                            + node.node().leaderId() + ", ballot " + node.node().ballot() : ", down")
                    .append("; ");
        }
        return summary.toString();
    }
}
