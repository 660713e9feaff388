package io.bankledger.node.faults;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;

/**
 * One command of the recorded history and what its client learned.
 *
 * @param reply     the first reply received (null when {@link Outcome#INDETERMINATE})
 * @param sentAtMs  when the first attempt was sent (wall clock of the harness)
 * @param doneAtMs  when the reply arrived, or when the client gave up
 * @param attempts  sends with the same commandId (retries after a timeout or a broker loss)
 */
public record Op(int clientId, Command command, Outcome outcome, Reply reply, long sentAtMs, long doneAtMs,
                 int attempts) {

    public Op {
        if ((reply == null) != (outcome == Outcome.INDETERMINATE)) {
            throw new IllegalArgumentException("a reply goes with every outcome but INDETERMINATE: " + outcome);
        }
    }

    public String commandId() {
        return command.commandId();
    }

    public static Op answered(int clientId, Command command, Reply reply, long sentAtMs, long doneAtMs, int attempts) {
        return new Op(clientId, command, Outcome.of(reply), reply, sentAtMs, doneAtMs, attempts);
    }

    public static Op indeterminate(int clientId, Command command, long sentAtMs, long doneAtMs, int attempts) {
        return new Op(clientId, command, Outcome.INDETERMINATE, null, sentAtMs, doneAtMs, attempts);
    }
}
