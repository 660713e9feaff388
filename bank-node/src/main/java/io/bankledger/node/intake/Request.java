package io.bankledger.node.intake;

import io.bankledger.protocol.Command;

/**
 * A decoded client command taken from the queue and not yet answered. {@code canonical} is the
 * command's canonical bytes: what the node proposes to Paxos. {@code answer} is the reply of the
 * message it came in, and {@code index} its place there (always 0 for a single command; its
 * position for a command of a client batch).
 */
public record Request(Command command, byte[] canonical, Answer answer, int index) {

    public String commandId() {
        return command.commandId();
    }
}
