package io.bankledger.node.intake;

import io.bankledger.protocol.Command;
import jakarta.jms.Message;

/**
 * A decoded client request taken from the queue and not yet acknowledged. {@code canonical} is
 * the command's canonical bytes: what the node proposes to Paxos.
 */
public record Request(Command command, byte[] canonical, Message message) {

    public String commandId() {
        return command.commandId();
    }
}
