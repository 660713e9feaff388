package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;
import java.util.List;

/**
 * Commands a non-leader received and hands to the node it believes leads at
 * {@code leaderBallot}. The receiver takes them only if that ballot is one it led in its current
 * incarnation, and only once per {@code forwardId} (random per message): a copy the network
 * duplicated or held back across a restart is dropped instead of being proposed twice.
 */
public record Forward(int from, Ballot leaderBallot, long forwardId, List<byte[]> commands)
        implements PaxosMessage {

    public Forward {
        Checks.present("leaderBallot", leaderBallot);
        commands = List.copyOf(Checks.present("commands", commands));
    }
}
