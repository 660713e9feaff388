package io.bankledger.node.cluster;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import java.util.UUID;

/** Builds command bodies the way a client would send them. */
final class Commands {

    private static final CommandCodec CODEC = new CommandCodec();

    private Commands() {
    }

    static String id() {
        return UUID.randomUUID().toString();
    }

    /** A time-ordered id (UUID version 7, as our CLI makes them): the current millisecond, then random bits. */
    static String timeOrderedId() {
        UUID random = UUID.randomUUID();
        long high = System.currentTimeMillis() << 16 | 0x7000 | (random.getMostSignificantBits() & 0x0fff);
        return new UUID(high, random.getLeastSignificantBits()).toString();
    }

    static String json(Command command) {
        return CODEC.encode(command);
    }

    static Command open(String accountId, String currency) {
        return new Command.OpenAccount(id(), accountId, "Owner of " + accountId, currency);
    }

    static Command deposit(String accountId, long amountMinor) {
        return new Command.Deposit(id(), accountId, amountMinor);
    }

    static Command withdraw(String accountId, long amountMinor) {
        return new Command.Withdraw(id(), accountId, amountMinor);
    }

    static Command transfer(String from, String to, long amountMinor) {
        return new Command.Transfer(id(), from, to, amountMinor);
    }
}
