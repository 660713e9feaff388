package io.bankledger.protocol;

import java.util.List;

/**
 * The one answer to a {@code batch} request: {@code {"commandId": <the batch's id>, "status": "OK",
 * "results": [<one reply per command, in the batch's order>]}}. OK says the batch was read and every
 * command in it has its outcome in {@code results}; each result is exactly the reply the command
 * would have had on its own (OK, REJECTED or INVALID). A batch refused as a whole gets a plain
 * INVALID {@link Reply} instead.
 */
public record BatchReply(String commandId, List<Reply> results) {

    public BatchReply {
        commandId = Fields.commandId("commandId", commandId);
        results = List.copyOf(results);
        if (results.isEmpty()) {
            throw new IllegalArgumentException("a batch reply holds at least one result");
        }
    }
}
