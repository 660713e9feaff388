package io.bankledger.node.ledger;

import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.Fields;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything the ledger needs to continue after slot {@link #appliedSlot()}: accounts, outcomes of
 * mutations (the idempotency table), and the head of the event chain. A node rebuilds it from its
 * store with {@link #restore}.
 *
 * <p>The idempotency table is kept for ever, but not all of it in memory: the state holds the
 * outcomes it was given or decided, oldest first, and a node keeps only the newest of them
 * ({@link Ledger#forgetOldOutcomes}); the complete table is in the node's store, and the node
 * fetches the outcomes a batch asks about before it applies the batch
 * ({@link Ledger#outcomesToFetch}).
 *
 * <p>It need not ask about every id it does not hold. A time-ordered id (UUID version 7, as our
 * clients make them) begins with the millisecond it was made; the state knows a time, the
 * <em>horizon</em>, that no time-ordered id whose outcome is only in the store is later than. A
 * time-ordered id made after the horizon and not held here was never applied
 * ({@link #knownNew}). Forgetting an outcome moves the horizon up to its id's time; a state
 * restored from a store takes the store's newest time-ordered id. Ids of other versions carry no
 * usable time and are always fetched. A client whose clock runs ahead only makes the horizon
 * later, so that more ids are fetched: never fewer than needed.
 *
 * <p>Public methods only read. The maps are used for lookups only; whatever iterates them sorts
 * first ({@link #accountsById()}), so no output depends on hash order.
 */
public final class LedgerState {
    /** The appliedSlot of a ledger that has applied nothing: the first slot may be 0. */
    public static final long NO_SLOT = -1;

    private final Map<String, Account> accounts;
    /** Insertion order is age: the oldest are forgotten first. */
    private final LinkedHashMap<String, Reply> outcomes;
    private long lastSeq;
    private String lastHash;
    private long appliedSlot;
    private long outcomesTaken;
    /** No time-ordered id outside {@link #outcomes} with an outcome was made after this (ms since epoch). */
    private long horizonMs;

    private LedgerState(Map<String, Account> accounts, LinkedHashMap<String, Reply> outcomes, long lastSeq,
                        String lastHash, long appliedSlot, long horizonMs) {
        this.accounts = accounts;
        this.outcomes = outcomes;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash;
        this.appliedSlot = appliedSlot;
        this.horizonMs = horizonMs;
    }

    /** Nothing applied: every id it does not hold is new. */
    public static LedgerState empty() {
        return new LedgerState(new HashMap<>(), new LinkedHashMap<>(), 0, EventHash.GENESIS, NO_SLOT, Long.MIN_VALUE);
    }

    /**
     * Rebuilds the state a store holds: the accounts projection, outcomes (all of them, or the
     * newest, oldest first), the seq and hash of the last event, and the last applied slot.
     * Without the store's newest time-ordered id, every id not given is fetched before use.
     */
    public static LedgerState restore(Collection<Account> accounts, Map<String, Reply> outcomes, long lastSeq,
                                      String lastHash, long appliedSlot) {
        return restore(accounts, outcomes, lastSeq, lastHash, appliedSlot, Long.MAX_VALUE);
    }

    /**
     * As {@link #restore(Collection, Map, long, String, long)}, with the newest time-ordered
     * command id the store has applied ({@code null} if none): ids not given that are made after
     * it are known to be new.
     */
    public static LedgerState restore(Collection<Account> accounts, Map<String, Reply> outcomes, long lastSeq,
                                      String lastHash, long appliedSlot, String newestTimeOrderedId) {
        long horizon = Long.MIN_VALUE;
        if (newestTimeOrderedId != null) {
            horizon = timeOrderedMs(Fields.commandId("newestTimeOrderedId", newestTimeOrderedId));
            if (horizon < 0) {
                throw new IllegalArgumentException("not a time-ordered (version 7) id: " + newestTimeOrderedId);
            }
        }
        return restore(accounts, outcomes, lastSeq, lastHash, appliedSlot, horizon);
    }

    private static LedgerState restore(Collection<Account> accounts, Map<String, Reply> outcomes, long lastSeq,
                                       String lastHash, long appliedSlot, long horizonMs) {
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
        LinkedHashMap<String, Reply> outcomesById = new LinkedHashMap<>();
        outcomes.forEach((commandId, reply) -> {
            String key = Fields.commandId("commandId", commandId);
            requireMutationOutcome(key, reply);
            outcomesById.put(key, reply);
        });
        return new LedgerState(byId, outcomesById, lastSeq, lastHash, appliedSlot, horizonMs);
    }

    /** An independent copy: applying batches to one never changes the other. */
    public LedgerState copy() {
        return new LedgerState(new HashMap<>(accounts), new LinkedHashMap<>(outcomes), lastSeq, lastHash, appliedSlot,
                horizonMs);
    }

    /**
     * The millisecond a time-ordered (version 7) id was made: its first 48 bits. -1 for an id of
     * any other version. {@code commandId} is in canonical form (lower case, as {@link Fields}
     * returns it).
     */
    static long timeOrderedMs(String commandId) {
        if (commandId.length() != 36 || commandId.charAt(14) != '7') {
            return -1;
        }
        return Long.parseLong(commandId, 0, 8, 16) << 16 | Long.parseLong(commandId, 9, 13, 16);
    }

    private static void requireMutationOutcome(String commandId, Reply reply) {
        if (reply == null || !commandId.equals(reply.commandId())
                || (reply.status() != Status.OK && reply.status() != Status.REJECTED)) {
            throw new IllegalArgumentException("not a mutation outcome of " + commandId + ": " + reply);
        }
    }

    public Account account(String accountId) {
        return accounts.get(accountId);
    }

    /**
     * The first outcome of a mutation, or null if this state does not hold it: the ledger never
     * applied it, or its outcome was forgotten here and is only in the store.
     */
    public Reply outcome(String commandId) {
        return outcomes.get(commandId);
    }

    /** Whether this state holds the outcome of {@code commandId}. */
    boolean holdsOutcome(String commandId) {
        return outcomes.containsKey(commandId);
    }

    /**
     * Whether {@code commandId}, which this state does not hold, is certainly new: a time-ordered
     * id made after the horizon (see the class comment). False means only "ask the store".
     */
    boolean knownNew(String commandId) {
        long madeMs = timeOrderedMs(commandId);
        return madeMs >= 0 && madeMs > horizonMs;
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

    /** How many outcomes this state holds (all of them, or the newest). */
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
        for (Map.Entry<String, Reply> outcome : result.newOutcomes().entrySet()) {
            if (outcomes.put(outcome.getKey(), outcome.getValue()) == null) {
                outcomesTaken++;
            }
        }
        lastSeq = newLastSeq;
        lastHash = newLastHash;
        appliedSlot = result.slot();
    }

    /** Adds outcomes read from the store; ones this state already holds stay as they are. */
    void remember(Iterable<Reply> stored) {
        for (Reply reply : stored) {
            requireMutationOutcome(reply.commandId(), reply);
            if (outcomes.putIfAbsent(reply.commandId(), reply) == null) {
                outcomesTaken++;
            }
        }
    }

    /**
     * How many outcomes this state has taken in (decided or remembered) since it was built; the
     * ones it holds are, oldest first, the last ones taken. A mark for {@link Ledger#forgetOldOutcomes(long)}.
     */
    long outcomesTaken() {
        return outcomesTaken;
    }

    /** Forgets the oldest outcomes until at most {@code keep} remain; returns how many it forgot. */
    int forgetOldestOutcomes(int keep) {
        int forgotten = 0;
        Iterator<Map.Entry<String, Reply>> oldestFirst = outcomes.entrySet().iterator();
        while (outcomes.size() > keep && oldestFirst.hasNext()) {
            horizonMs = Math.max(horizonMs, timeOrderedMs(oldestFirst.next().getKey()));
            oldestFirst.remove();
            forgotten++;
        }
        return forgotten;
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
