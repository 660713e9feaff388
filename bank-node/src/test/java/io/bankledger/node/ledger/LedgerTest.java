package io.bankledger.node.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One test per decision of the ledger: every success, every rejection reason, idempotency, reads. */
class LedgerTest {
    private Ledger ledger;
    private long slot;
    private int ids;

    static String id(long n) {
        return String.format("00000000-0000-4000-8000-%012d", n);
    }

    private String nextId() {
        return id(++ids);
    }

    private BatchResult apply(Command... commands) {
        return ledger.apply(++slot, 1_700_000_000_000L + slot, List.of(commands));
    }

    private Reply one(Command command) {
        BatchResult result = apply(command);
        assertEquals(1, result.replies().size());
        return result.replies().get(0);
    }

    private void assertRejected(Command command, Reason reason) {
        long seqBefore = ledger.state().lastSeq();
        LedgerState before = ledger.state().copy();
        BatchResult result = apply(command);
        Reply reply = result.replies().get(0);
        assertEquals(Status.REJECTED, reply.status(), reply::toString);
        assertEquals(reason, reply.reason());
        assertEquals(slot, reply.slot());
        assertEquals(seqBefore + 1, reply.seq());
        assertEquals(1, result.events().size());
        LedgerEvent.CommandRejected event = assertInstanceOf(LedgerEvent.CommandRejected.class,
                result.events().get(0).event());
        assertEquals(reason, event.reason());
        assertEquals(command, event.command());
        assertEquals(List.of(), result.changedAccounts());
        assertEquals(before.accountsById(), ledger.state().accountsById());
        assertSame(reply, ledger.state().outcome(command.commandId()));
    }

    @BeforeEach
    void openTwoAccounts() {
        ledger = new Ledger();
        slot = 0;
        ids = 100;
        apply(new Command.OpenAccount(id(1), "alice", "Alice", "BRL"),
                new Command.OpenAccount(id(2), "bob", "Bob", "BRL"),
                new Command.OpenAccount(id(3), "carol", "Carol", "USD"),
                new Command.Deposit(id(4), "alice", 1_000));
    }

    @Test
    void openingGivesAnEmptyOpenAccount() {
        Reply reply = one(new Command.OpenAccount(nextId(), "dave", "Dave", "EUR"));
        assertEquals(Status.OK, reply.status());
        assertEquals(new AccountView("dave", "EUR", 0, AccountStatus.OPEN), reply.account());
        assertEquals(5L, reply.seq());
        assertEquals(new Account("dave", "Dave", "EUR", 0, AccountStatus.OPEN, 1), ledger.state().account("dave"));
    }

    @Test
    void depositWithdrawAndTransferMoveMoneyAndReportViews() {
        Reply deposit = one(new Command.Deposit(nextId(), "bob", 50));
        assertEquals(50, deposit.account().balanceMinor());
        Reply withdraw = one(new Command.Withdraw(nextId(), "alice", 300));
        assertEquals(700, withdraw.account().balanceMinor());
        BatchResult result = apply(new Command.Transfer(nextId(), "alice", "bob", 700));
        Reply transfer = result.replies().get(0);
        assertEquals(Status.OK, transfer.status());
        assertEquals(0, transfer.account().balanceMinor());
        assertEquals(750, transfer.toAccount().balanceMinor());
        assertEquals(new LedgerEvent.TransferCompleted("alice", "bob", 700, 0, 750), result.events().get(0).event());
        assertEquals(List.of("alice", "bob"), result.changedAccounts().stream().map(Account::accountId).toList());
        assertEquals(4, ledger.state().account("alice").version());
    }

    @Test
    void closingAnEmptyAccount() {
        BatchResult result = apply(new Command.CloseAccount(nextId(), "bob"));
        Reply reply = result.replies().get(0);
        assertEquals(Status.OK, reply.status());
        assertEquals(AccountStatus.CLOSED, reply.account().status());
        assertEquals(new LedgerEvent.AccountClosed("bob"), result.events().get(0).event());
        assertEquals(AccountStatus.CLOSED, ledger.state().account("bob").status());
    }

    @Test
    void accountExistsEvenWhenClosed() {
        assertRejected(new Command.OpenAccount(nextId(), "alice", "Alice again", "BRL"), Reason.ACCOUNT_EXISTS);
        one(new Command.CloseAccount(nextId(), "bob"));
        assertRejected(new Command.OpenAccount(nextId(), "bob", "Bob", "BRL"), Reason.ACCOUNT_EXISTS);
    }

    @Test
    void unknownAccount() {
        assertRejected(new Command.Deposit(nextId(), "nobody", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(new Command.Withdraw(nextId(), "nobody", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(new Command.Transfer(nextId(), "nobody", "bob", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(new Command.Transfer(nextId(), "alice", "nobody", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(new Command.CloseAccount(nextId(), "nobody"), Reason.UNKNOWN_ACCOUNT);
    }

    @Test
    void accountClosed() {
        one(new Command.CloseAccount(nextId(), "bob"));
        assertRejected(new Command.Deposit(nextId(), "bob", 5), Reason.ACCOUNT_CLOSED);
        assertRejected(new Command.Withdraw(nextId(), "bob", 5), Reason.ACCOUNT_CLOSED);
        assertRejected(new Command.Transfer(nextId(), "alice", "bob", 5), Reason.ACCOUNT_CLOSED);
        assertRejected(new Command.Transfer(nextId(), "bob", "alice", 5), Reason.ACCOUNT_CLOSED);
        assertRejected(new Command.CloseAccount(nextId(), "bob"), Reason.ACCOUNT_CLOSED);
    }

    @Test
    void insufficientFunds() {
        assertRejected(new Command.Withdraw(nextId(), "alice", 1_001), Reason.INSUFFICIENT_FUNDS);
        assertRejected(new Command.Transfer(nextId(), "bob", "alice", 1), Reason.INSUFFICIENT_FUNDS);
        assertEquals(Status.OK, one(new Command.Withdraw(nextId(), "alice", 1_000)).status());
        assertEquals(0, ledger.state().account("alice").balanceMinor());
    }

    @Test
    void currencyMismatch() {
        assertRejected(new Command.Transfer(nextId(), "alice", "carol", 1), Reason.CURRENCY_MISMATCH);
    }

    @Test
    void nonzeroBalance() {
        assertRejected(new Command.CloseAccount(nextId(), "alice"), Reason.NONZERO_BALANCE);
    }

    @Test
    void sameAccount() {
        assertRejected(new Command.Transfer(nextId(), "alice", "alice", 1), Reason.SAME_ACCOUNT);
    }

    @Test
    void invalidAmount() {
        assertRejected(new Command.Deposit(nextId(), "alice", 0), Reason.INVALID_AMOUNT);
        assertRejected(new Command.Deposit(nextId(), "nobody", -1), Reason.INVALID_AMOUNT);
        assertRejected(new Command.Withdraw(nextId(), "alice", Long.MIN_VALUE), Reason.INVALID_AMOUNT);
        assertRejected(new Command.Transfer(nextId(), "alice", "alice", 0), Reason.INVALID_AMOUNT);
    }

    @Test
    void amountOverflow() {
        assertRejected(new Command.Deposit(nextId(), "alice", Long.MAX_VALUE), Reason.AMOUNT_OVERFLOW);
        one(new Command.Deposit(nextId(), "bob", Long.MAX_VALUE));
        assertRejected(new Command.Transfer(nextId(), "alice", "bob", 1), Reason.AMOUNT_OVERFLOW);
        assertEquals(Long.MAX_VALUE, ledger.state().account("bob").balanceMinor());
    }

    @Test
    void rejectionsCarryTheViewsOfTheAccountsInvolved() {
        Reply reply = one(new Command.Transfer(nextId(), "alice", "carol", 1));
        assertEquals("alice", reply.account().accountId());
        assertEquals("carol", reply.toAccount().accountId());
        assertEquals(1_000, reply.account().balanceMinor());
        Reply unknown = one(new Command.Deposit(nextId(), "nobody", 1));
        assertNull(unknown.account());
    }

    @Test
    void aRetryReturnsTheFirstOutcomeByteForByteAndAddsNoEvent() {
        Command withdraw = new Command.Withdraw(nextId(), "alice", 600);
        Reply first = one(withdraw);
        long seq = ledger.state().lastSeq();
        String hash = ledger.state().lastHash();
        one(new Command.Withdraw(nextId(), "alice", 100));
        BatchResult retry = apply(withdraw);
        assertEquals(List.of(), retry.events());
        assertEquals(List.of(), retry.changedAccounts());
        assertEquals(0, retry.newOutcomes().size());
        assertEquals(ReplyCodec.encode(first), ReplyCodec.encode(retry.replies().get(0)));
        assertEquals(seq + 1, ledger.state().lastSeq());
        assertTrue(!hash.equals(ledger.state().lastHash()));
        assertEquals(300, ledger.state().account("alice").balanceMinor());
    }

    @Test
    void aRetryOfARejectionIsTheSameRejection() {
        Command withdraw = new Command.Withdraw(nextId(), "bob", 1);
        Reply first = one(withdraw);
        assertEquals(Reason.INSUFFICIENT_FUNDS, first.reason());
        one(new Command.Deposit(nextId(), "bob", 10));
        assertEquals(first, one(withdraw));
        assertEquals(10, ledger.state().account("bob").balanceMinor());
    }

    @Test
    void aReusedCommandIdWithDifferentFieldsStillGetsTheFirstOutcome() {
        String commandId = nextId();
        Reply first = one(new Command.Deposit(commandId, "bob", 10));
        assertEquals(first, one(new Command.Withdraw(commandId, "alice", 999)));
        assertEquals(1_000, ledger.state().account("alice").balanceMinor());
    }

    @Test
    void duplicatesInsideOneBatchApplyOnce() {
        Command deposit = new Command.Deposit(nextId(), "bob", 10);
        BatchResult result = apply(deposit, deposit, new Command.Transfer(nextId(), "bob", "alice", 10), deposit);
        assertEquals(2, result.events().size());
        assertEquals(4, result.replies().size());
        assertSame(result.replies().get(0), result.replies().get(1));
        assertSame(result.replies().get(0), result.replies().get(3));
        assertEquals(10, result.replies().get(3).account().balanceMinor());
        assertEquals(2, result.newOutcomes().size());
        assertEquals(0, ledger.state().account("bob").balanceMinor());
    }

    @Test
    void laterCommandsInABatchSeeEarlierOnes() {
        BatchResult result = apply(
                new Command.OpenAccount(nextId(), "erin", "Erin", "BRL"),
                new Command.Transfer(nextId(), "alice", "erin", 400),
                new Command.Withdraw(nextId(), "erin", 400),
                new Command.CloseAccount(nextId(), "erin"),
                new Command.GetBalance(nextId(), "erin"));
        assertEquals(4, result.events().size());
        assertTrue(result.replies().stream().allMatch(r -> r.status() == Status.OK), result.replies()::toString);
        assertEquals(List.of("erin", "alice"), result.changedAccounts().stream().map(Account::accountId).toList());
        assertEquals(new Account("erin", "Erin", "BRL", 0, AccountStatus.CLOSED, 4), result.changedAccounts().get(0));
        assertEquals(AccountStatus.CLOSED, result.replies().get(4).account().status());
    }

    @Test
    void eventsAreChainedWithConsecutiveSeqs() {
        BatchResult result = apply(new Command.Deposit(nextId(), "bob", 1), new Command.Deposit(nextId(), "bob", 0),
                new Command.Withdraw(nextId(), "bob", 1));
        List<CommittedEvent> events = result.events();
        assertEquals(List.of(5L, 6L, 7L), events.stream().map(CommittedEvent::seq).toList());
        for (int i = 1; i < events.size(); i++) {
            assertEquals(events.get(i - 1).hash(), events.get(i).prevHash());
        }
        for (CommittedEvent e : events) {
            assertTrue(e.hashMatches());
            assertEquals(slot, e.slot());
            assertEquals(1_700_000_000_000L + slot, e.timestampMs());
        }
        assertEquals(events.get(2).hash(), ledger.state().lastHash());
    }

    @Test
    void theFirstEventChainsOnGenesis() {
        Ledger fresh = new Ledger();
        BatchResult result = fresh.apply(0, 5, List.of(new Command.OpenAccount(id(9), "a", "A", "BRL")));
        assertEquals(EventHash.GENESIS, result.events().get(0).prevHash());
        assertEquals(1, result.events().get(0).seq());
        assertEquals(0, fresh.state().appliedSlot());
    }

    @Test
    void readsLeaveNoEventAndNoOutcome() {
        String balanceId = nextId();
        BatchResult result = apply(new Command.GetBalance(balanceId, "alice"),
                new Command.GetHistory(nextId(), "alice", 0, 10),
                new Command.GetBalance(nextId(), "nobody"),
                new Command.GetHistory(nextId(), "nobody"));
        assertEquals(List.of(), result.events());
        assertEquals(0, result.newOutcomes().size());
        Reply balance = result.replies().get(0);
        assertEquals(Reply.ok(balanceId, slot, null, new AccountView("alice", "BRL", 1_000, AccountStatus.OPEN), null),
                balance);
        Reply history = result.replies().get(1);
        assertEquals(Status.OK, history.status());
        assertNull(history.entries(), "entries are filled by the node from its projection");
        assertEquals(slot, history.slot());
        assertEquals(Reason.UNKNOWN_ACCOUNT, result.replies().get(2).reason());
        assertNull(result.replies().get(2).seq());
        assertEquals(Reason.UNKNOWN_ACCOUNT, result.replies().get(3).reason());
        assertNull(ledger.state().outcome(balanceId));
        assertEquals(slot, ledger.state().appliedSlot());
    }

    @Test
    void getStatusReturnsTheStoredOutcomeOrUnknown() {
        String depositId = nextId();
        String unseen = nextId();
        String statusId = nextId();
        BatchResult result = apply(new Command.GetStatus(nextId(), depositId),
                new Command.Deposit(depositId, "bob", 5),
                new Command.GetStatus(statusId, depositId),
                new Command.GetStatus(nextId(), unseen));
        assertEquals(Status.UNKNOWN, result.replies().get(0).status());
        Reply status = result.replies().get(2);
        assertEquals(Status.OK, status.status());
        assertEquals(statusId, status.commandId());
        assertSame(result.replies().get(1), status.outcome());
        assertEquals(Reply.unknown(result.replies().get(3).commandId(), slot), result.replies().get(3));
        Reply later = one(new Command.GetStatus(nextId(), depositId));
        assertEquals(result.replies().get(1), later.outcome());
        assertEquals(slot, later.slot());
    }

    @Test
    void slotsMustIncreaseAndGapsAreAllowed() {
        long applied = ledger.state().appliedSlot();
        assertThrows(IllegalStateException.class, () -> ledger.apply(applied, 0, List.of()));
        BatchResult noop = ledger.apply(applied + 5, 0, List.of());
        assertEquals(List.of(), noop.events());
        assertEquals(applied + 5, ledger.state().appliedSlot());
    }

    @Test
    void aFailedBatchLeavesTheStateUntouched() {
        LedgerState before = ledger.state().copy();
        java.util.ArrayList<Command> batch = new java.util.ArrayList<>();
        batch.add(new Command.Deposit(nextId(), "bob", 5));
        batch.add(null);
        assertThrows(IllegalArgumentException.class, () -> ledger.apply(slot + 1, 0, batch));
        assertEquals(before, ledger.state());
    }
}
