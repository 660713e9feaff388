package io.bankledger.node.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Injects faults into a {@link ProcessCluster} one at a time, each held for a while and then
 * healed, so that a majority of nodes, the broker and their databases are always able to recover
 * afterwards (a 2|2|1 split of five nodes leaves no majority while it lasts, and heals). Before
 * each fault it waits for the cluster to be whole again (every node answering, a leader), and
 * restarts any node that stopped by itself, noting it.
 *
 * <p>Which node is hit, and the pause before each fault (one to two gaps), are drawn from the
 * seed; how long the cluster takes to be whole again is the machine's.
 */
public final class Nemesis {

    private static final Logger LOG = LoggerFactory.getLogger(Nemesis.class);

    /** How long faults last and how long the cluster gets between them. */
    public record Timings(Duration killHold, Duration pauseHold, Duration partitionHold, Duration messageFaultHold,
                          Duration brokerDownHold, Duration databaseDownHold, Duration gap) {

        public static Timings ci() {
            return new Timings(Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5),
                    Duration.ofSeconds(6), Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2));
        }
    }

    private final ProcessCluster cluster;
    private final Random random;
    private final Timings timings;
    private final List<FaultRecord> records = new CopyOnWriteArrayList<>();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private int pauses;

    public Nemesis(ProcessCluster cluster, long seed, Timings timings) {
        this.cluster = cluster;
        this.random = new Random(seed);
        this.timings = timings;
    }

    /**
     * The CI schedule: 3 leader kills, 3 follower kills, 2 pauses, 2 partitions (one isolating
     * the leader), a broker restart, a PostgreSQL restart, a loss phase and a duplication phase,
     * in an order drawn from the seed.
     */
    public static List<FaultKind> ciSchedule(long seed) {
        List<FaultKind> kinds = new ArrayList<>(List.of(FaultKind.LEADER_KILL, FaultKind.LEADER_KILL,
                FaultKind.LEADER_KILL, FaultKind.FOLLOWER_KILL, FaultKind.FOLLOWER_KILL, FaultKind.FOLLOWER_KILL,
                FaultKind.PAUSE, FaultKind.PAUSE, FaultKind.PARTITION_LEADER, FaultKind.PARTITION_SPLIT,
                FaultKind.BROKER_RESTART, FaultKind.DATABASE_RESTART, FaultKind.MESSAGE_LOSS,
                FaultKind.MESSAGE_DUPLICATION));
        Collections.shuffle(kinds, new Random(seed));
        return kinds;
    }

    public void run(List<FaultKind> schedule) throws Exception {
        for (FaultKind kind : schedule) {
            inject(kind);
        }
    }

    /** Random faults until {@code total} has passed (the long run). */
    public void runFor(Duration total) throws Exception {
        long end = System.currentTimeMillis() + total.toMillis();
        FaultKind[] kinds = FaultKind.values();
        while (System.currentTimeMillis() < end) {
            inject(kinds[random.nextInt(kinds.length)]);
        }
    }

    /** Waits until the cluster is whole, then injects one fault, holds it, heals it. */
    public FaultRecord inject(FaultKind kind) throws Exception {
        awaitWhole();
        long gapMs = timings.gap().toMillis();
        Thread.sleep(gapMs + random.nextLong(gapMs + 1));  // faults at irregular intervals
        int leader = cluster.awaitLeader(Duration.ofSeconds(30));
        List<Integer> followers = cluster.followers(leader);
        int follower = followers.get(random.nextInt(followers.size()));
        long started = System.currentTimeMillis();
        String target;
        String note = "";
        switch (kind) {
            case LEADER_KILL, FOLLOWER_KILL -> {
                int victim = kind == FaultKind.LEADER_KILL ? leader : follower;
                target = "node " + victim;
                cluster.killNode(victim);
                Thread.sleep(timings.killHold().toMillis());
                cluster.startNode(victim, Duration.ofSeconds(90));
            }
            case PAUSE -> {
                int victim = pauses++ % 2 == 0 ? leader : follower;
                target = "node " + victim + (victim == leader ? " (leader)" : " (follower)");
                cluster.pauseNode(victim);
                Thread.sleep(timings.pauseHold().toMillis());
                cluster.resumeNode(victim);
            }
            case PARTITION_LEADER -> {
                target = "node " + leader + " | " + followers;
                started = cluster.isolate(leader);  // recovery counts from when the cut is in force
                Thread.sleep(timings.partitionHold().toMillis());
                cluster.heal();
            }
            case PARTITION_SPLIT -> {
                List<List<Integer>> groups = split(leader, follower);
                target = groups.toString();
                started = cluster.partition(groups);
                Thread.sleep(timings.partitionHold().toMillis());
                cluster.heal();
            }
            case BROKER_RESTART -> {
                target = "broker";
                cluster.killBroker();
                Thread.sleep(timings.brokerDownHold().toMillis());
                cluster.startBroker();
            }
            case DATABASE_RESTART -> {
                target = "postgres of node " + follower;
                cluster.killDatabase(follower);
                long downSince = System.currentTimeMillis();
                try {
                    ProcessCluster.await(Duration.ofSeconds(15), "node " + follower + " to stop without its database",
                            () -> !cluster.nodeAlive(follower));
                } catch (AssertionError e) {
                    note = "the node did not stop within 15 s; ";
                }
                long held = System.currentTimeMillis() - downSince;
                Thread.sleep(Math.max(0, timings.databaseDownHold().toMillis() - held));
                cluster.startDatabase(follower);
                if (!cluster.nodeAlive(follower)) {
                    note += "node " + follower + " fail-stopped with exit status " + cluster.nodeExitValue(follower)
                            + " and was started again";
                    cluster.startNode(follower, Duration.ofSeconds(90));
                } else {
                    note += "node " + follower + " kept running";
                }
            }
            case MESSAGE_LOSS -> {
                target = "all nodes: drop 20%";
                cluster.messageFaults(cluster.memberIds(), 0.2, 0, 0);
                Thread.sleep(timings.messageFaultHold().toMillis());
                cluster.heal();
            }
            case MESSAGE_DUPLICATION -> {
                target = "all nodes: duplicate 30%, delay up to 30 ms";
                cluster.messageFaults(cluster.memberIds(), 0, 0.3, 30);
                Thread.sleep(timings.messageFaultHold().toMillis());
                cluster.heal();
            }
            default -> throw new IllegalStateException("unhandled fault " + kind);
        }
        FaultRecord record = new FaultRecord(kind, target, started, System.currentTimeMillis(), null, note);
        records.add(record);
        LOG.info("[nemesis] {} on {} for {} ms {}", kind, target, record.healedAtMs() - started, note);
        System.out.printf("[nemesis] %-19s %-40s %5d ms %s%n", kind, target, record.healedAtMs() - started, note);
        return record;
    }

    /** 2|1 with three nodes (the follower alone), 2|2|1 with five. */
    private List<List<Integer>> split(int leader, int follower) {
        List<Integer> members = new ArrayList<>(cluster.memberIds());
        if (members.size() == 3) {
            return List.of(cluster.followers(follower), List.of(follower));
        }
        Collections.shuffle(members, random);
        return List.of(members.subList(0, 2), members.subList(2, 4), members.subList(4, 5));
    }

    /** Every node, database and the broker up and answering, and a leader; revives what died by itself. */
    public void awaitWhole() throws Exception {
        for (int id : cluster.memberIds()) {
            if (!cluster.databaseRunning(id)) {
                cluster.startDatabase(id);
            }
            if (!cluster.nodeAlive(id)) {
                String message = "node " + id + " had stopped by itself (exit status " + cluster.nodeExitValue(id)
                        + "); see " + cluster.nodeLog(id);
                unexpected.add(message);
                System.out.println("[nemesis] " + message);
                cluster.startNode(id, Duration.ofSeconds(90));
            }
        }
        cluster.awaitAllAnswering(Duration.ofSeconds(90));
        cluster.awaitLeader(Duration.ofSeconds(30));
    }

    /** The healing phase: no network fault, everything running, a leader. */
    public void healAll() throws Exception {
        cluster.heal();
        awaitWhole();
    }

    public List<FaultRecord> records() {
        return List.copyOf(records);
    }

    /** Nodes that stopped without being told to (a fail-stop outside a database fault is news). */
    public List<String> unexpectedStops() {
        return List.copyOf(unexpected);
    }
}
