package io.bankledger.node.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
