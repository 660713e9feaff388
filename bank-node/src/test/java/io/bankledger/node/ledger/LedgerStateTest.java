package io.bankledger.node.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LedgerStateTest {

    @Test
    void emptyStateStartsAtGenesis() {
        LedgerState empty = LedgerState.empty();
        assertEquals(0, empty.lastSeq());
        assertEquals(EventHash.GENESIS, empty.lastHash());
        assertEquals(LedgerState.NO_SLOT, empty.appliedSlot());
        assertEquals(empty, LedgerState.restore(List.of(), Map.of(), 0, EventHash.GENESIS, LedgerState.NO_SLOT));
    }

    @Test
    void aCopyIsIndependent() {
        Ledger ledger = new Ledger();
        ledger.apply(1, 0, List.of(new Command.OpenAccount(LedgerTest.id(1), "a", "A", "BRL")));
        LedgerState copy = ledger.state().copy();
        assertEquals(copy, ledger.state());
        ledger.apply(2, 0, List.of(new Command.Deposit(LedgerTest.id(2), "a", 5)));
        assertNotEquals(copy, ledger.state());
        assertEquals(0, copy.account("a").balanceMinor());
        assertEquals(1, copy.outcomeCount());
    }

    @Test
    void restoreRefusesInconsistentInput() {
        Account a = new Account("a", "A", "BRL", 0, AccountStatus.OPEN, 1);
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(a, a), Map.of(), 0, EventHash.GENESIS, 0));
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(), Map.of(), 0, "f".repeat(64), 0));
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(), Map.of(), -1, EventHash.GENESIS, 0));
        Reply read = Reply.unknown(LedgerTest.id(1), 3);
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(), Map.of(LedgerTest.id(1), read), 1, "f".repeat(64), 0));
        Reply other = Reply.ok(LedgerTest.id(2), 3, 1L, null, null);
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(), Map.of(LedgerTest.id(1), other), 1, "f".repeat(64), 0));
    }

    @Test
    void accountsRefuseImpossibleStates() {
        assertThrows(IllegalStateException.class, () -> new Account("a", "A", "BRL", -1, AccountStatus.OPEN, 1));
        assertThrows(IllegalStateException.class, () -> new Account("a", "A", "BRL", 1, AccountStatus.CLOSED, 2));
        assertThrows(IllegalArgumentException.class, () -> new Account("a", "A", "BRL", 0, AccountStatus.OPEN, 0));
    }

    /** A version-7 id made at {@code madeMs}, as our clients make them. */
    static String timeOrdered(long madeMs, int n) {
        return String.format("%08x-%04x-7abc-8000-%012d", madeMs >>> 16, madeMs & 0xffff, n);
    }

    @Test
    void aTimeOrderedIdGivesTheMillisecondItWasMade() {
        assertEquals(1_764_000_000_123L, LedgerState.timeOrderedMs(timeOrdered(1_764_000_000_123L, 1)));
        assertEquals(0x019ac0ffee12L, LedgerState.timeOrderedMs("019ac0ff-ee12-7d3a-9f00-0123456789ab"));
        assertEquals(-1, LedgerState.timeOrderedMs(LedgerTest.id(1)), "version 4 carries no time");
        assertEquals(-1, LedgerState.timeOrderedMs("019ac0ff-ee12-1d3a-9f00-0123456789ab"), "nor does version 1's layout");
    }

    @Test
    void forgettingAnOutcomeMakesItsTimeTheHorizon() {
        Ledger ledger = new Ledger(LedgerState.empty(), 1);
        assertTrue(ledger.state().knownNew(timeOrdered(1_000, 1)), "nothing was forgotten yet");
        assertFalse(ledger.state().knownNew(LedgerTest.id(9)), "an id without a time is always asked about");
        ledger.apply(1, 0, List.of(new Command.OpenAccount(timeOrdered(5_000, 1), "a", "A", "BRL")));
        ledger.apply(2, 0, List.of(new Command.Deposit(timeOrdered(3_000, 2), "a", 5)));
        assertEquals(1, ledger.forgetOldOutcomes());
        // The open (made at 5,000) is forgotten: ids made up to then may be in the store.
        assertFalse(ledger.state().knownNew(timeOrdered(5_000, 1)));
        assertFalse(ledger.state().knownNew(timeOrdered(4_000, 7)));
        assertTrue(ledger.state().knownNew(timeOrdered(5_001, 8)));
        assertEquals(List.of(timeOrdered(5_000, 1)), List.copyOf(ledger.outcomesToFetch(List.of(
                new Command.Deposit(timeOrdered(5_000, 1), "a", 1), new Command.Deposit(timeOrdered(9_000, 9), "a", 1),
                new Command.Deposit(timeOrdered(3_000, 2), "a", 1)))),
                "the retry is asked about; the new id is known new; the held one is in memory");
        // Forgetting an older id (made at 3,000) later does not move the horizon back.
        ledger.apply(3, 0, List.of(new Command.Deposit(timeOrdered(6_000, 3), "a", 5)));
        assertEquals(1, ledger.forgetOldOutcomes());
        assertFalse(ledger.state().knownNew(timeOrdered(5_000, 1)));
        assertTrue(ledger.state().knownNew(timeOrdered(5_001, 8)));
    }

    /**
     * A node decides groups while its store writes earlier ones: outcomes taken since the store's
     * last written mark stay in memory however small the bound, since they cannot be fetched yet.
     */
    @Test
    void outcomesTakenSinceAMarkAreKeptBeyondTheBound() {
        Ledger ledger = new Ledger(LedgerState.empty(), 1);
        ledger.apply(1, 0, List.of(new Command.OpenAccount(LedgerTest.id(1), "a", "A", "BRL")));
        long written = ledger.outcomesTaken();
        assertEquals(1, written);
        ledger.apply(2, 0, List.of(new Command.Deposit(LedgerTest.id(2), "a", 5),
                new Command.Deposit(LedgerTest.id(3), "a", 5)));
        ledger.remember(List.of(Reply.ok(LedgerTest.id(9), 0, 1L, null, null)));
        assertEquals(4, ledger.outcomesTaken(), "decided and remembered outcomes both count");

        assertEquals(1, ledger.forgetOldOutcomes(written), "only the outcome taken before the mark goes");
        assertEquals(3, ledger.state().outcomeCount());
        assertEquals(null, ledger.state().outcome(LedgerTest.id(1)));
        assertTrue(ledger.state().outcome(LedgerTest.id(2)) != null && ledger.state().outcome(LedgerTest.id(3)) != null);

        assertEquals(2, ledger.forgetOldOutcomes(ledger.outcomesTaken()), "once all is written, the bound holds");
        assertEquals(1, ledger.state().outcomeCount());
        assertThrows(IllegalArgumentException.class, () -> ledger.forgetOldOutcomes(ledger.outcomesTaken() + 1));
    }

    @Test
    void aRestoredStateKnowsOnlyWhatItsStoreSays() {
        String newest = timeOrdered(7_000, 1);
        LedgerState withNewest = LedgerState.restore(List.of(), Map.of(), 0, EventHash.GENESIS, 4, newest);
        assertFalse(withNewest.knownNew(newest));
        assertFalse(withNewest.knownNew(timeOrdered(6_999, 2)));
        assertTrue(withNewest.knownNew(timeOrdered(7_001, 3)));
        assertTrue(LedgerState.restore(List.of(), Map.of(), 0, EventHash.GENESIS, 4, (String) null)
                .knownNew(timeOrdered(1, 1)), "a store without time-ordered ids");
        assertFalse(LedgerState.restore(List.of(), Map.of(), 0, EventHash.GENESIS, 4)
                .knownNew(timeOrdered(Long.MAX_VALUE >>> 16, 1)), "without the store's newest id, nothing is known new");
        assertThrows(IllegalArgumentException.class,
                () -> LedgerState.restore(List.of(), Map.of(), 0, EventHash.GENESIS, 4, LedgerTest.id(1)));
    }
}
