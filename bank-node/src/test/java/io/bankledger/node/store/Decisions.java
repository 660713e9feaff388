package io.bankledger.node.store;

import io.bankledger.node.ledger.Ledger;
import io.bankledger.paxos.Value;
import io.bankledger.paxos.message.PaxosCodec;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A slot as a node's applier hands it to the store: decided by the ledger, not yet stored. */
final class Decisions {

    private static final CommandCodec CODEC = new CommandCodec();

    private Decisions() {
    }

    static AppliedBatch decide(Ledger ledger, long slot, long timestampMs, List<Command> commands) {
        List<byte[]> encoded = new ArrayList<>();
        for (Command command : commands) {
            encoded.add(CODEC.encode(command).getBytes(StandardCharsets.UTF_8));
        }
        Value value = new Value(timestampMs, encoded);
        return new AppliedBatch(slot, PaxosCodec.encodeValue(value), ledger.apply(slot, timestampMs, commands));
    }
}
