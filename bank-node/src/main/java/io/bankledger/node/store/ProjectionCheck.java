package io.bankledger.node.store;

/**
 * The result of {@code rebuild-projections}: the events replayed into fresh tables, compared
 * row by row with the live projections.
 */
public record ProjectionCheck(long eventsReplayed, long accountRows, long historyRows,
                              long accountRowsDiffering, long historyRowsDiffering) {

    public boolean matches() {
        return accountRowsDiffering == 0 && historyRowsDiffering == 0;
    }
}
