package io.bankledger.paxos.sim;

/** A safety or liveness property of the protocol did not hold in a simulated run. */
public final class InvariantViolation extends AssertionError {

    public InvariantViolation(String message) {
        super(message);
    }
}
