package io.bankledger.node.faults;

/**
 * One injected fault: what, on whom, when it started and was healed, and (for a leader loss)
 * how long until the next command was committed, as the clients saw it.
 *
 * @param recoveryMs from the fault to the first reply to a mutation sent after it; null when not measured
 */
public record FaultRecord(FaultKind kind, String target, long startedAtMs, long healedAtMs, Long recoveryMs,
                          String note) {

    FaultRecord withRecovery(Long ms) {
        return new FaultRecord(kind, target, startedAtMs, healedAtMs, ms, note);
    }
}
