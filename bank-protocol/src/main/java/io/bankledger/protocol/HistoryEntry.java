package io.bankledger.protocol;

/**
 * One line of an account's history, as {@code get-history} returns it.
 *
 * @param type                  the event type that produced it ({@code AccountOpened}, {@code Deposited},
 *                              {@code Withdrawn}, {@code TransferCompleted}, {@code AccountClosed})
 * @param amountMinor           the signed change of this account's balance (negative for money out)
 * @param balanceMinor          this account's balance after the event
 * @param counterpartyAccountId the other account of a transfer, else null
 */
public record HistoryEntry(long seq, long slot, String type, long amountMinor, long balanceMinor,
                           String counterpartyAccountId, String commandId, long timestampMs) {
    public HistoryEntry {
        if (type == null || type.isEmpty()) {
            throw new IllegalArgumentException("type is required");
        }
        commandId = Fields.commandId("commandId", commandId);
        if (counterpartyAccountId != null) {
            Fields.accountId("counterpartyAccountId", counterpartyAccountId);
        }
    }

    void writeTo(CanonicalJson json) {
        json.beginObject()
                .field("seq", seq)
                .field("slot", slot)
                .field("type", type)
                .field("amountMinor", amountMinor)
                .field("balanceMinor", balanceMinor)
                .optionalField("counterpartyAccountId", counterpartyAccountId)
                .field("commandId", commandId)
                .field("timestampMs", timestampMs)
                .endObject();
    }
}
