package io.bankledger.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import org.junit.jupiter.api.Test;

/** V18's rule: a reply is left out of the store only when the event rebuilds exactly that reply. */
class DerivedRepliesTest {

    private static final String ID = "00000000-0000-7000-8000-000000000001";
    private static final LedgerEvent.TransferCompleted TRANSFER =
            new LedgerEvent.TransferCompleted("alice", "bob", 300, 700, 1_300);

    @Test
    void aTransfersReplyIsRebuiltFromItsEventAndTheCurrency() {
        Reply sent = Reply.ok(ID, 4, 9L, new AccountView("alice", "BRL", 700, AccountStatus.OPEN),
                new AccountView("bob", "BRL", 1_300, AccountStatus.OPEN));

        assertEquals("alice", DerivedReplies.accountOf(TRANSFER));
        assertEquals(sent, DerivedReplies.derive(ID, 4, 9, TRANSFER, "BRL"));
        assertTrue(DerivedReplies.isDerived(sent, ID, 4, 9, TRANSFER, "BRL"));
    }

    @Test
    void anyOtherReplyIsStoredWhole() {
        Reply sent = Reply.ok(ID, 4, 9L, new AccountView("alice", "BRL", 700, AccountStatus.OPEN),
                new AccountView("bob", "BRL", 1_300, AccountStatus.OPEN));
        Reply otherBalance = Reply.ok(ID, 4, 9L, new AccountView("alice", "BRL", 701, AccountStatus.OPEN),
                new AccountView("bob", "BRL", 1_300, AccountStatus.OPEN));

        assertFalse(DerivedReplies.isDerived(otherBalance, ID, 4, 9, TRANSFER, "BRL"));
        assertFalse(DerivedReplies.isDerived(sent, ID, 5, 9, TRANSFER, "BRL"), "another slot");
        assertFalse(DerivedReplies.isDerived(sent, ID, 4, 9, TRANSFER, "USD"), "another currency");
        assertFalse(DerivedReplies.isDerived(sent, ID, 4, 9, TRANSFER, null), "no currency known");

        LedgerEvent rejected = new LedgerEvent.CommandRejected(Reason.UNKNOWN_ACCOUNT,
                new Command.Deposit(ID, "ghost", 5));
        Reply rejection = Reply.rejected(ID, Reason.UNKNOWN_ACCOUNT, "account ghost does not exist", 4, 9L, null, null);
        assertNull(DerivedReplies.accountOf(rejected));
        assertNull(DerivedReplies.derive(ID, 4, 9, rejected, "BRL"));
        assertFalse(DerivedReplies.isDerived(rejection, ID, 4, 9, rejected, "BRL"));
    }

    @Test
    void anOpeningShowsItsOwnCurrencyAndAClosingAnEmptyClosedAccount() {
        assertEquals(Reply.ok(ID, 1, 1L, new AccountView("carol", "USD", 0, AccountStatus.OPEN), null),
                DerivedReplies.derive(ID, 1, 1, new LedgerEvent.AccountOpened("carol", "Carol", "USD"), "USD"));
        assertEquals(Reply.ok(ID, 2, 3L, new AccountView("carol", "USD", 0, AccountStatus.CLOSED), null),
                DerivedReplies.derive(ID, 2, 3, new LedgerEvent.AccountClosed("carol"), "USD"));
    }
}
