package io.bankledger.protocol;

import java.util.List;

/** One valid instance of every command, reply shape and event, shared by the tests. */
final class Samples {
    static final String ID1 = "5b1f2c3e-8d4a-4c1b-9e2f-0a1b2c3d4e5f";
    static final String ID2 = "0f9e8d7c-6b5a-4938-a7b6-c5d4e3f2a1b0";

    private Samples() {
    }

    static List<Command> commands() {
        return List.of(
                new Command.OpenAccount(ID1, "alice-01", "Alice Ångström \"A\"", "BRL"),
                new Command.Deposit(ID1, "alice-01", 1_000_00),
                new Command.Withdraw(ID1, "alice-01", 250),
                new Command.Transfer(ID1, "alice-01", "bob.2", Long.MAX_VALUE),
                new Command.CloseAccount(ID1, "bob.2"),
                new Command.GetBalance(ID1, "alice-01", Consistency.STALE),
                new Command.GetBalance(ID1, "alice-01"),
                new Command.GetHistory(ID1, "alice-01", 42, 1000),
                new Command.GetHistory(ID1, "alice-01"),
                new Command.GetStatus(ID1, ID2),
                new Command.Deposit(ID1, "zero", 0),
                new Command.Withdraw(ID1, "neg", Long.MIN_VALUE));
    }

    static AccountView alice(long balanceMinor) {
        return new AccountView("alice-01", "BRL", balanceMinor, AccountStatus.OPEN);
    }

    static List<Reply> replies() {
        Reply deposited = Reply.ok(ID2, 7, 12L, alice(100), null);
        return List.of(
                deposited,
                Reply.ok(ID1, 8, 13L, alice(50), new AccountView("bob.2", "BRL", 50, AccountStatus.CLOSED)),
                Reply.rejected(ID1, Reason.INSUFFICIENT_FUNDS, "account alice-01 holds 0, needs 5", 9, 14L,
                        alice(0), null),
                Reply.rejected(ID1, Reason.UNKNOWN_ACCOUNT, "no account x", 9, null, null, null),
                Reply.invalid(null, Reason.MALFORMED, "not JSON"),
                Reply.invalid(ID1, Reason.MISSING_FIELD, "missing field accountId"),
                Reply.unknown(ID1, 10),
                Reply.outcomeOf(ID1, 11, deposited),
                Reply.ok(ID1, 12, null, alice(100), null).withEntries(List.of(
                        new HistoryEntry(1, 3, "AccountOpened", 0, 0, null, ID2, 1_700_000_000_000L),
                        new HistoryEntry(5, 4, "TransferCompleted", -70, 30, "bob.2", ID1, 1_700_000_000_500L))),
                Reply.ok(ID1, 12, null, alice(100), null).withEntries(List.of()));
    }

    static List<LedgerEvent> events() {
        return List.of(
                new LedgerEvent.AccountOpened("alice-01", "Alice\n\t\u0001", "BRL"),
                new LedgerEvent.Deposited("alice-01", 100, 100),
                new LedgerEvent.Withdrawn("alice-01", 30, 70),
                new LedgerEvent.TransferCompleted("alice-01", "bob.2", 70, 0, 70),
                new LedgerEvent.AccountClosed("alice-01"),
                new LedgerEvent.CommandRejected(Reason.INSUFFICIENT_FUNDS, new Command.Withdraw(ID1, "alice-01", 5)),
                new LedgerEvent.CommandRejected(Reason.ACCOUNT_EXISTS,
                        new Command.OpenAccount(ID1, "alice-01", "Alice", "BRL")));
    }

    static List<CommittedEvent> committed() {
        String prev = EventHash.GENESIS;
        List<CommittedEvent> out = new java.util.ArrayList<>();
        long seq = 1;
        for (LedgerEvent e : events()) {
            CommittedEvent c = CommittedEvent.chain(prev, seq, 100 + seq / 2, seq % 2 == 0 ? ID1 : ID2,
                    1_700_000_000_000L + seq, e);
            out.add(c);
            prev = c.hash();
            seq++;
        }
        return out;
    }
}
