package io.bankledger.node.ledger;

import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.Fields;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the ledger needs to continue after slot {@link #appliedSlot()}: accounts, the
 * outcome of every mutation ever applied (the idempotency table, kept for ever), and the head of
 * the event chain. A node rebuilds it from its store with {@link #restore}.
 *
 * <p>Public methods only read. The maps are hash maps, used for lookups only; whatever iterates
 * them sorts first ({@link #accountsById()}), so no output depends on hash order.
 */
public final class LedgerState {
    /** The appliedSlot of a ledger that has applied nothing: the first slot may be 0. */
    public static final long NO_SLOT = -1;

    private final Map<String, Account> accounts;
    private final Map<String, Reply> outcomes;
    private long lastSeq;
    private String lastHash;
    private long appliedSlot;

    private LedgerState(Map<String, Account> accounts, Map<String, Reply> outcomes, long lastSeq,
                        String lastHash, long appliedSlot) {
        this.accounts = accounts;
        this.outcomes = outcomes;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.appliedSlot = appliedSlot;
    }

    public static LedgerState empty() {
        return new LedgerState(new HashMap<>(), new HashMap<>(), 0, EventHash.GENESIS, NO_SLOT);
    }

    /**
     * Rebuilds the state a store holds: the accounts projection, the outcomes table, and the seq
     * and hash of the last event, and the last applied slot.
     */
    public static LedgerState restore(Collection<Account> accounts, Map<String, Reply> outcomes, long lastSeq,
                                      String lastHash, long appliedSlot) {
        if (lastSeq < 0) {
            throw new IllegalArgumentException("lastSeq must be >= 0: " + lastSeq);
        }
        EventHash.requireHash("lastHash", lastHash);
        if (lastSeq == 0 && !lastHash.equals(EventHash.GENESIS)) {
            throw new IllegalArgumentException("an empty log has the genesis hash, not " + lastHash);
        }
        if (appliedSlot < NO_SLOT) {
            throw new IllegalArgumentException("appliedSlot must be >= " + NO_SLOT + ": " + appliedSlot);
        }
        Map<String, Account> byId = new HashMap<>();
        for (Account account : accounts) {
            if (byId.put(account.accountId(), account) != null) {
                throw new IllegalArgumentException("account listed twice: " + account.accountId());
            }
        }
        Map<String, Reply> outcomesById = new HashMap<>();
        outcomes.forEach((commandId, reply) -> {
            Fields.commandId("commandId", commandId);
            if (!commandId.equals(reply.commandId())
                    || (reply.status() != Status.OK && reply.status() != Status.REJECTED)) {
                throw new IllegalArgumentException("not a mutation outcome of " + commandId + ": " + reply);
            }
            outcomesById.put(commandId, reply);
        });
        return new LedgerState(byId, outcomesById, lastSeq, lastHash, appliedSlot);
    }

    /** An independent copy: applying batches to one never changes the other. */
    public LedgerState copy() {
        return new LedgerState(new HashMap<>(accounts), new HashMap<>(outcomes), lastSeq, lastHash, appliedSlot);
    }

    public Account account(String accountId) {
        return accounts.get(accountId);
    }

    /** The stored first outcome of a mutation, or null if the ledger has never applied it. */
    public Reply outcome(String commandId) {
        return outcomes.get(commandId);
    }

    /** All accounts, ordered by id. */
    public List<Account> accountsById() {
        return List.copyOf(new TreeMap<>(accounts).values());
    }

    /** All stored outcomes, ordered by commandId. */
    public Map<String, Reply> outcomesById() {
        return new TreeMap<>(outcomes);
    }

    public int accountCount() {
        return accounts.size();
    }

    public int outcomeCount() {
        return outcomes.size();
    }

    public long lastSeq() {
        return lastSeq;
    }

    public String lastHash() {
        return lastHash;
    }

    public long appliedSlot() {
        return appliedSlot;
    }

    /** Makes a batch's changes visible at once; called by {@link Ledger} after the whole batch was decided. */
    void commit(BatchResult result, long newLastSeq, String newLastHash) {
        for (Account account : result.changedAccounts()) {
            accounts.put(account.accountId(), account);
        }
        outcomes.putAll(result.newOutcomes());
        lastSeq = newLastSeq;
        lastHash = newLastHash;
        appliedSlot = result.slot();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LedgerState that
                && lastSeq == that.lastSeq
                && appliedSlot == that.appliedSlot
                && lastHash.equals(that.lastHash)
                && accounts.equals(that.accounts)
                && outcomes.equals(that.outcomes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(lastSeq, appliedSlot, lastHash, accounts, outcomes);
    }

    @Override
    public String toString() {
        return "LedgerState{appliedSlot=" + appliedSlot + ", lastSeq=" + lastSeq + ", lastHash=" + lastHash
                + ", accounts=" + accounts.size() + ", outcomes=" + outcomes.size() + "}";
    }
}
