package io.bankledger.node.faults;

/** The faults the nemesis injects, one at a time, each healed before the next. */
public enum FaultKind {
    /** kill -9 of the leader, restarted after a hold. */
    LEADER_KILL,
    /** kill -9 of a follower, restarted after a hold. */
    FOLLOWER_KILL,
    /** SIGSTOP of a node (leader or follower), SIGCONT after a hold. */
    PAUSE,
    /** The leader cut off from its peers both ways, then healed. */
    PARTITION_LEADER,
    /** A minority cut off (2|1 with three nodes, 2|2|1 with five), then healed. */
    PARTITION_SPLIT,
    /** kill -9 of the broker, started again on the same journal. */
    BROKER_RESTART,
    /** kill -9 of one node's PostgreSQL, started again; the node fail-stops and is restarted. */
    DATABASE_RESTART,
    /** Every node drops a share of its Paxos messages for a while. */
    MESSAGE_LOSS,
    /** Every node duplicates and delays (so reorders) a share of its Paxos messages for a while. */
    MESSAGE_DUPLICATION
}
