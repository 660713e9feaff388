package io.bankledger.node.store;

import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reply;

/**
 * The reply a successful mutation gets, rebuilt from its event (V18). A successful command's
 * reply repeats what its row already holds: its command id, slot and seq are columns, the
 * accounts' ids and balances after are in the payload, their status follows from the event's type
 * and their currency from the account, which never changes (an id is never reused). Stored as
 * text it was about half of every event row, so an event whose reply is exactly this one stores
 * none ({@code reply} NULL) and the reply is rebuilt when read; any other reply (rejections, and
 * any reply that would not come back equal) is stored whole.
 */
final class DerivedReplies {

    private DerivedReplies() {
    }

    /**
     * The account whose currency the reply shows (for a transfer, both accounts hold the same
     * currency: the ledger rejects any other transfer), or null when the event's reply is not derived.
     */
    static String accountOf(LedgerEvent event) {
        if (event instanceof LedgerEvent.TransferCompleted e) {
            return e.fromAccountId();
        }
        return event instanceof LedgerEvent.CommandRejected ? null : event.accountIds().get(0);
    }

    /**
     * The OK reply of the event stored at {@code seq} in {@code slot} for {@code commandId}, with
     * {@code currency} the currency of {@link #accountOf}'s account; null for a rejection.
     */
    static Reply derive(String commandId, long slot, long seq, LedgerEvent event, String currency) {
        AccountView account;
        AccountView toAccount = null;
        if (event instanceof LedgerEvent.TransferCompleted e) {
            account = new AccountView(e.fromAccountId(), currency, e.fromBalanceAfterMinor(), AccountStatus.OPEN);
            toAccount = new AccountView(e.toAccountId(), currency, e.toBalanceAfterMinor(), AccountStatus.OPEN);
        } else if (event instanceof LedgerEvent.Deposited e) {
            account = new AccountView(e.accountId(), currency, e.balanceAfterMinor(), AccountStatus.OPEN);
        } else if (event instanceof LedgerEvent.Withdrawn e) {
            account = new AccountView(e.accountId(), currency, e.balanceAfterMinor(), AccountStatus.OPEN);
        } else if (event instanceof LedgerEvent.AccountOpened e) {
            account = new AccountView(e.accountId(), e.currency(), 0, AccountStatus.OPEN);
        } else if (event instanceof LedgerEvent.AccountClosed e) {
            account = new AccountView(e.accountId(), currency, 0, AccountStatus.CLOSED);
        } else {
            return null;
        }
        return Reply.ok(commandId, slot, seq, account, toAccount);
    }

    /**
     * True when {@code outcome} is exactly the reply {@link #derive} rebuilds from what the store
     * keeps of the event, so that the event may be stored without it.
     */
    static boolean isDerived(Reply outcome, String commandId, long slot, long seq, LedgerEvent event,
                             String currency) {
        return currency != null && outcome.equals(derive(commandId, slot, seq, event, currency));
    }
}
