package io.bankledger.node.faults;

import java.util.List;
import java.util.Map;

/**
 * What the checker reads from one node's database after healing: its whole event log in seq
 * order, its balances projection, and the result of replaying its events into fresh projections.
 */
public record NodeSnapshot(int nodeId, List<LoggedEvent> events, Map<String, Balance> balances,
                           boolean projectionsMatch, String projectionDetail) {

    public NodeSnapshot {
        events = List.copyOf(events);
        balances = Map.copyOf(balances);
    }

    /** One row of the {@code accounts} projection. */
    public record Balance(String accountId, String currency, long balanceMinor) {
    }

    public String headHash() {
        return events.isEmpty() ? null : events.get(events.size() - 1).hash();
    }
}
