package io.bankledger.node.store;

import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.HistoryEntry;
import io.bankledger.protocol.LedgerEvent;
import java.util.List;

/**
 * One line of an account's statement, derived from one event. The same derivation serves the
 * live projection and {@code rebuild-projections}, so a rebuild that differs points at the store,
 * not at two pieces of code that drifted apart.
 */
record HistoryRow(String accountId, long seq, long slot, String commandId, String type, long amountMinor,
                  long balanceAfterMinor, String counterpartyAccountId, long timestampMs) {

    static List<HistoryRow> of(CommittedEvent committed) {
        long seq = committed.seq();
        long slot = committed.slot();
        String commandId = committed.commandId();
        long time = committed.timestampMs();
        String type = committed.type();
        LedgerEvent event = committed.event();
        if (event instanceof LedgerEvent.AccountOpened opened) {
            return List.of(new HistoryRow(opened.accountId(), seq, slot, commandId, type, 0, 0, null, time));
        } else if (event instanceof LedgerEvent.Deposited deposited) {
            return List.of(new HistoryRow(deposited.accountId(), seq, slot, commandId, type,
                    deposited.amountMinor(), deposited.balanceAfterMinor(), null, time));
        } else if (event instanceof LedgerEvent.Withdrawn withdrawn) {
            return List.of(new HistoryRow(withdrawn.accountId(), seq, slot, commandId, type,
                    -withdrawn.amountMinor(), withdrawn.balanceAfterMinor(), null, time));
        } else if (event instanceof LedgerEvent.TransferCompleted transfer) {
            return List.of(
                    new HistoryRow(transfer.fromAccountId(), seq, slot, commandId, type, -transfer.amountMinor(),
                            transfer.fromBalanceAfterMinor(), transfer.toAccountId(), time),
                    new HistoryRow(transfer.toAccountId(), seq, slot, commandId, type, transfer.amountMinor(),
                            transfer.toBalanceAfterMinor(), transfer.fromAccountId(), time));
        } else if (event instanceof LedgerEvent.AccountClosed closed) {
            return List.of(new HistoryRow(closed.accountId(), seq, slot, commandId, type, 0, 0, null, time));
        } else if (event instanceof LedgerEvent.CommandRejected) {
            return List.of();
        }
        throw new IllegalStateException("no projection for event type " + type);
    }

    HistoryEntry toEntry() {
        return new HistoryEntry(seq, slot, type, amountMinor, balanceAfterMinor, counterpartyAccountId, commandId,
                timestampMs);
    }
}
