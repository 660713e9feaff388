package io.bankledger.paxos;

import io.bankledger.paxos.message.PaxosMessage;
import java.util.ArrayList;
import java.util.List;

/** Collects the actions of one call; package-private, one per call, never shared. */
final class OutputBuilder {

    private final List<Envelope> proposerSends = new ArrayList<>();
    private final List<DurableWrite> writes = new ArrayList<>();
    private final List<Envelope> sends = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final List<CatchUpServe> serves = new ArrayList<>();
    private final List<byte[]> rejected = new ArrayList<>();

    void write(DurableWrite write) {
        writes.add(write);
    }

    /** An envelope that speaks only for the proposer (an Accept): it may leave before the writes. */
    void sendAsProposer(int toNodeId, PaxosMessage message) {
        proposerSends.add(new Envelope(toNodeId, message));
    }

    void send(int toNodeId, PaxosMessage message) {
        sends.add(new Envelope(toNodeId, message));
    }

    void decide(Decision decision) {
        decisions.add(decision);
    }

    void serve(CatchUpServe serve) {
        serves.add(serve);
    }

    void reject(byte[] command) {
        rejected.add(command);
    }

    Output build() {
        return new Output(proposerSends, writes, sends, decisions, serves, rejected);
    }
}
