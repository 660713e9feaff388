package io.bankledger.paxos;

import io.bankledger.paxos.message.PaxosMessage;
import java.util.ArrayList;
import java.util.List;

/** Collects the actions of one call; package-private, one per call, never shared. */
final class OutputBuilder {

    private final List<DurableWrite> writes = new ArrayList<>();
    private final List<Envelope> sends = new ArrayList<>();
    private final List<Decision> decisions = new ArrayList<>();
    private final List<CatchUpServe> serves = new ArrayList<>();
    private final List<byte[]> rejected = new ArrayList<>();

    void write(DurableWrite write) {
        writes.add(write);
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
        return new Output(writes, sends, decisions, serves, rejected);
    }
}
