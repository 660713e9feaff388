package io.bankledger.node.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.EventCodec;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;

/**
 * Properties of the ledger over random workloads: seeded {@link Random}, many seeds.
 *
 * <p>Every run is a pure function of its seed. A failure names the seed; to replay it alone, call
 * the failing property with that seed from a one-line test, e.g.
 * {@code @Test void seed1234() { moneyIsConserved(1234); }}.
 */
class LedgerPropertyTest {
    private static final int SEEDS = 250;
    private static final int BATCHES_PER_RUN = 40;
    private static final List<String> ACCOUNT_IDS = List.of("a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7");
    private static final List<String> CURRENCIES = List.of("BRL", "USD");

    record Batch(long slot, long timestampMs, List<Command> commands) {
    }

    /** A random workload: commands over a small pool of accounts, with bad amounts and retries. */
    static List<Batch> workload(long seed) {
        Random random = new Random(seed);
        List<Command> mutations = new ArrayList<>();
        List<String> opened = new ArrayList<>();
        List<Batch> batches = new ArrayList<>();
        long slot = random.nextInt(3) - 1;
        long timestampMs = 1_700_000_000_000L;
        int ids = 0;
        for (int b = 0; b < BATCHES_PER_RUN; b++) {
            slot += 1 + (random.nextInt(5) == 0 ? 1 : 0);
            timestampMs += random.nextInt(1000);
            List<Command> commands = new ArrayList<>();
            int size = random.nextInt(7);
            for (int c = 0; c < size; c++) {
                String id = commandId(random, seed, timestampMs, ++ids);
                String account = account(random, opened);
                // Early batches mostly open accounts, so that later ones find money to move.
                int kind = b < 3 && random.nextBoolean() ? 10 : random.nextInt(100);
                Command command;
                if (kind < 10 && !mutations.isEmpty()) {
                    command = pick(random, mutations);
                } else if (kind < 18) {
                    // Mostly the currency the account's index implies; sometimes the other one.
                    String currency = random.nextInt(10) == 0 ? pick(random, CURRENCIES)
                            : CURRENCIES.get(ACCOUNT_IDS.indexOf(account) % 4 == 3 ? 1 : 0);
                    account = pick(random, ACCOUNT_IDS);
                    command = new Command.OpenAccount(id, account, "Owner of " + account, currency);
                    opened.add(account);
                } else if (kind < 45) {
                    command = new Command.Deposit(id, account, amount(random));
                } else if (kind < 60) {
                    command = new Command.Withdraw(id, account, amount(random));
                } else if (kind < 85) {
                    command = new Command.Transfer(id, account, account(random, opened), amount(random));
                } else if (kind < 88) {
                    command = new Command.CloseAccount(id, account);
                } else if (kind < 94) {
                    command = new Command.GetBalance(id, account, random.nextBoolean() ? Consistency.STALE : null);
                } else if (kind < 97) {
                    command = new Command.GetHistory(id, account);
                } else {
                    command = new Command.GetStatus(id, mutations.isEmpty() ? id : pick(random, mutations).commandId());
                }
                if (command.isMutation()) {
                    mutations.add(command);
                }
                commands.add(command);
            }
            batches.add(new Batch(slot, timestampMs, commands));
        }
        return batches;
    }

    /**
     * Odd seeds use time-ordered ids (UUID version 7, as our clients make them) from clocks that
     * disagree with the leader's by up to two seconds either way, and now and then by days ahead,
     * so ids do not arrive in the order of their times; even seeds use ids of version 4, which
     * carry no time.
     */
    private static String commandId(Random random, long seed, long timestampMs, int n) {
        if (seed % 2 == 0) {
            return String.format("%08x-0000-4000-8000-%012d", seed & 0xffffffffL, n);
        }
        long madeMs = timestampMs + random.nextInt(4_001) - 2_000
                + (random.nextInt(50) == 0 ? 86_400_000L * (1 + random.nextInt(30)) : 0);
        return String.format("%08x-%04x-7%03x-8000-%012d", madeMs >>> 16, madeMs & 0xffff, seed & 0xfff, n);
    }

    /** Mostly an account that was opened (so money moves), sometimes any id (so lookups fail). */
    private static String account(Random random, List<String> opened) {
        return opened.isEmpty() || random.nextInt(5) == 0 ? pick(random, ACCOUNT_IDS) : pick(random, opened);
    }

    private static long amount(Random random) {
        int kind = random.nextInt(100);
        if (kind < 85) {
            return 1 + random.nextInt(1_000);
        } else if (kind < 90) {
            return -random.nextInt(3);
        } else if (kind < 96) {
            return Long.MAX_VALUE - random.nextInt(1_000);
        }
        return random.nextLong();
    }

    private static <T> T pick(Random random, List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    record Run(Ledger ledger, List<BatchResult> results) {
        List<CommittedEvent> events() {
            return results.stream().flatMap(r -> r.events().stream()).toList();
        }
    }

    static Run run(Ledger ledger, List<Batch> batches) {
        List<BatchResult> results = new ArrayList<>();
        for (Batch batch : batches) {
            results.add(ledger.apply(batch.slot(), batch.timestampMs(), batch.commands()));
        }
        return new Run(ledger, results);
    }

    private static void forEachSeed(LongConsumer property) {
        for (long seed = 0; seed < SEEDS; seed++) {
            try {
                property.accept(seed);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError("seed " + seed + " failed: " + e.getMessage(), e);
            }
        }
    }

    @Test
    void moneyIsConservedAndNoBalanceGoesNegative() {
        forEachSeed(LedgerPropertyTest::moneyIsConserved);
    }

    static void moneyIsConserved(long seed) {
        Ledger ledger = new Ledger();
        Map<String, BigInteger> netInflow = new TreeMap<>();
        for (Batch batch : workload(seed)) {
            BatchResult result = ledger.apply(batch.slot(), batch.timestampMs(), batch.commands());
            for (CommittedEvent e : result.events()) {
                if (e.event() instanceof LedgerEvent.Deposited d) {
                    netInflow.merge(currency(ledger, d.accountId()), BigInteger.valueOf(d.amountMinor()), BigInteger::add);
                } else if (e.event() instanceof LedgerEvent.Withdrawn w) {
                    netInflow.merge(currency(ledger, w.accountId()), BigInteger.valueOf(-w.amountMinor()), BigInteger::add);
                }
            }
            Map<String, BigInteger> held = new TreeMap<>();
            for (Account account : ledger.state().accountsById()) {
                assertTrue(account.balanceMinor() >= 0, account::toString);
                held.merge(account.currency(), BigInteger.valueOf(account.balanceMinor()), BigInteger::add);
            }
            held.values().removeIf(v -> v.signum() == 0);
            Map<String, BigInteger> expected = new TreeMap<>(netInflow);
            expected.values().removeIf(v -> v.signum() == 0);
            assertEquals(expected, held, "sum of balances per currency = deposits - withdrawals");
        }
    }

    private static String currency(Ledger ledger, String accountId) {
        return ledger.state().account(accountId).currency();
    }

    @Test
    void projectionsAreAFoldOverEvents() {
        forEachSeed(seed -> {
            Run run = run(new Ledger(), workload(seed));
            Map<String, Account> folded = new TreeMap<>();
            for (CommittedEvent e : run.events()) {
                LedgerEvent event = e.event();
                if (event instanceof LedgerEvent.AccountOpened o) {
                    folded.put(o.accountId(), Account.opened(o.accountId(), o.owner(), o.currency()));
                } else if (event instanceof LedgerEvent.Deposited d) {
                    folded.put(d.accountId(), folded.get(d.accountId()).withBalance(d.balanceAfterMinor()));
                } else if (event instanceof LedgerEvent.Withdrawn w) {
                    folded.put(w.accountId(), folded.get(w.accountId()).withBalance(w.balanceAfterMinor()));
                } else if (event instanceof LedgerEvent.TransferCompleted t) {
                    folded.put(t.fromAccountId(), folded.get(t.fromAccountId()).withBalance(t.fromBalanceAfterMinor()));
                    folded.put(t.toAccountId(), folded.get(t.toAccountId()).withBalance(t.toBalanceAfterMinor()));
                } else if (event instanceof LedgerEvent.AccountClosed c) {
                    folded.put(c.accountId(), folded.get(c.accountId()).closed());
                }
            }
            assertEquals(run.ledger().state().accountsById(), List.copyOf(folded.values()));
        });
    }

    @Test
    void replayOnAFreshLedgerReproducesEventsRepliesAndState() {
        forEachSeed(seed -> {
            List<Batch> batches = workload(seed);
            Run first = run(new Ledger(), batches);
            Run second = run(new Ledger(), batches);
            assertEquals(first.events(), second.events());
            for (int i = 0; i < first.results().size(); i++) {
                assertEquals(encode(first.results().get(i).replies()), encode(second.results().get(i).replies()));
                assertEquals(first.results().get(i).changedAccounts(), second.results().get(i).changedAccounts());
                assertEquals(first.results().get(i).newOutcomes(), second.results().get(i).newOutcomes());
            }
            assertEquals(first.ledger().state(), second.ledger().state());
        });
    }

    @Test
    void aLedgerRestoredMidwayEndsWithTheSameHashChain() {
        forEachSeed(seed -> {
            List<Batch> batches = workload(seed);
            Run whole = run(new Ledger(), batches);
            int cut = (int) (seed % batches.size());
            Run head = run(new Ledger(), batches.subList(0, cut));
            LedgerState stored = head.ledger().state();
            LedgerState restored = LedgerState.restore(stored.accountsById(), stored.outcomesById(), stored.lastSeq(),
                    stored.lastHash(), stored.appliedSlot());
            assertEquals(stored, restored);
            Run tail = run(new Ledger(restored), batches.subList(cut, batches.size()));
            List<CommittedEvent> joined = new ArrayList<>(head.events());
            joined.addAll(tail.events());
            assertEquals(whole.events(), joined);
            assertEquals(whole.ledger().state(), tail.ledger().state());
        });
    }

    @Test
    void theChainVerifiesAndEveryMutationHasExactlyOneEvent() {
        forEachSeed(seed -> {
            List<Batch> batches = workload(seed);
            Run run = run(new Ledger(), batches);
            String prev = EventHash.GENESIS;
            long seq = 0;
            Set<String> commandIds = new HashSet<>();
            for (CommittedEvent e : run.events()) {
                assertEquals(++seq, e.seq());
                assertEquals(prev, e.prevHash());
                assertTrue(e.hashMatches());
                assertTrue(commandIds.add(e.commandId()), "two events for " + e.commandId());
                assertEquals(e, EventCodec.fromJson(EventCodec.toJson(e)));
                prev = e.hash();
            }
            Set<String> mutationIds = new HashSet<>();
            batches.forEach(b -> b.commands().stream().filter(Command::isMutation)
                    .forEach(c -> mutationIds.add(c.commandId())));
            assertEquals(mutationIds, commandIds);
            assertEquals(mutationIds.size(), run.ledger().state().outcomeCount());
            assertEquals(prev, run.ledger().state().lastHash());
            assertEquals(seq, run.ledger().state().lastSeq());
        });
    }

    @Test
    void repeatingAnyCommandIdChangesNothing() {
        forEachSeed(seed -> {
            List<Batch> batches = workload(seed);
            Run run = run(new Ledger(), batches);
            LedgerState before = run.ledger().state().copy();
            List<Command> retries = new ArrayList<>();
            batches.forEach(b -> b.commands().stream().filter(Command::isMutation).forEach(retries::add));
            java.util.Collections.shuffle(retries, new Random(seed));
            long slot = before.appliedSlot() + 1;
            BatchResult result = run.ledger().apply(slot, 0, retries);
            assertEquals(List.of(), result.events());
            assertEquals(List.of(), result.changedAccounts());
            assertEquals(Map.of(), result.newOutcomes());
            for (int i = 0; i < retries.size(); i++) {
                Reply stored = before.outcome(retries.get(i).commandId());
                assertEquals(ReplyCodec.encode(stored), ReplyCodec.encode(result.replies().get(i)));
            }
            LedgerState expected = LedgerState.restore(before.accountsById(), before.outcomesById(), before.lastSeq(),
                    before.lastHash(), slot);
            assertEquals(expected, run.ledger().state());
        });
    }

    /**
     * A node keeps only its newest outcomes in memory and fetches older ones from its store
     * before each batch (as the node's applier does), except time-ordered ids it knows to be new.
     * Halfway through, it restarts from its store: the newest outcomes and the store's newest
     * time-ordered id. Decisions must not change: same replies, events, accounts and new
     * outcomes as a ledger that keeps all of them.
     */
    @Test
    void aLedgerThatForgetsOldOutcomesAndFetchesThemDecidesAlike() {
        long[] fetched = {0};
        long[] knownNew = {0};
        forEachSeed(seed -> {
            List<Batch> batches = workload(seed);
            Run whole = run(new Ledger(), batches);
            int kept = (int) (seed % 4);
            Ledger bounded = new Ledger(LedgerState.empty(), kept);
            // Insertion order is the order of application, as seq orders the store's events.
            Map<String, Reply> store = new java.util.LinkedHashMap<>();
            for (int i = 0; i < batches.size(); i++) {
                Batch batch = batches.get(i);
                if (i == batches.size() / 2) {
                    bounded = restart(bounded.state(), store, kept);
                }
                Set<String> asked = bounded.outcomesToFetch(batch.commands());
                List<Reply> found = new ArrayList<>();
                for (String id : asked) {
                    if (store.containsKey(id)) {
                        found.add(store.get(id));
                    }
                }
                for (Command command : batch.commands()) {
                    if (command.isMutation() && !asked.contains(command.commandId())
                            && !bounded.state().holdsOutcome(command.commandId())) {
                        assertEquals(1, seed % 2, "an id without a time is never known new: " + command.commandId());
                        knownNew[0]++;
                    }
                }
                bounded.remember(found);
                fetched[0] += found.size();
                BatchResult result = bounded.apply(batch.slot(), batch.timestampMs(), batch.commands());
                store.putAll(result.newOutcomes());
                bounded.forgetOldOutcomes();
                assertTrue(bounded.state().outcomeCount() <= kept, "kept " + bounded.state().outcomeCount());
                BatchResult expected = whole.results().get(i);
                assertEquals(encode(expected.replies()), encode(result.replies()), "slot " + batch.slot());
                assertEquals(expected.events(), result.events());
                assertEquals(expected.changedAccounts(), result.changedAccounts());
                assertEquals(expected.newOutcomes(), result.newOutcomes());
            }
            assertEquals(whole.ledger().state().outcomesById(), new TreeMap<>(store));
        });
        assertTrue(fetched[0] > 100, "retries and status queries found forgotten outcomes: " + fetched[0]);
        assertTrue(knownNew[0] > 1_000, "time-ordered ids skipped the store: " + knownNew[0]);
    }

    /** What NodeStore.recover gives: the newest {@code kept} outcomes and the newest version-7 id stored. */
    private static Ledger restart(LedgerState live, Map<String, Reply> store, int kept) {
        List<String> ids = new ArrayList<>(store.keySet());
        Map<String, Reply> newest = new java.util.LinkedHashMap<>();
        ids.subList(Math.max(0, ids.size() - kept), ids.size()).forEach(id -> newest.put(id, store.get(id)));
        // Canonical ids have one length and lower-case hex: their text order is their byte order.
        String newestTimeOrdered = ids.stream().filter(id -> id.charAt(14) == '7').max(String::compareTo).orElse(null);
        return new Ledger(LedgerState.restore(live.accountsById(), newest, live.lastSeq(), live.lastHash(),
                live.appliedSlot(), newestTimeOrdered), kept);
    }

    /** The control of the property above: forgetting without fetching does change decisions. */
    @Test
    void forgettingOutcomesWithoutFetchingThemWouldApplyRetriesTwice() {
        int differing = 0;
        for (long seed = 0; seed < 50; seed++) {
            List<Batch> batches = workload(seed);
            Run whole = run(new Ledger(), batches);
            Ledger forgetful = new Ledger(LedgerState.empty(), 0);
            for (Batch batch : batches) {
                forgetful.apply(batch.slot(), batch.timestampMs(), batch.commands());
                forgetful.forgetOldOutcomes();
            }
            if (forgetful.state().lastSeq() != whole.ledger().state().lastSeq()) {
                differing++;
            }
        }
        assertTrue(differing > 10, "runs whose log changed: " + differing);
    }

    /** Guards the generator: properties that never meet a case prove nothing about it. */
    @Test
    void workloadsReachEveryEventTypeAndEveryLedgerReason() {
        Set<String> seen = new java.util.TreeSet<>();
        for (long seed = 0; seed < 50; seed++) {
            for (CommittedEvent e : run(new Ledger(), workload(seed)).events()) {
                seen.add(e.event() instanceof LedgerEvent.CommandRejected r ? r.reason().name() : e.type());
            }
        }
        Set<String> expected = new java.util.TreeSet<>(List.of("AccountOpened", "Deposited", "Withdrawn",
                "TransferCompleted", "AccountClosed"));
        for (io.bankledger.protocol.Reason reason : io.bankledger.protocol.Reason.values()) {
            if (reason.decidedByLedger()) {
                expected.add(reason.name());
            }
        }
        assertEquals(expected, seen);
    }

    private static List<String> encode(List<Reply> replies) {
        return replies.stream().map(ReplyCodec::encode).toList();
    }
}
