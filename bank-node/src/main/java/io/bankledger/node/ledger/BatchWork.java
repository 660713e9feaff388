package io.bankledger.node.ledger;

import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommittedEvent;
import io.bankledger.protocol.EventHash;
import io.bankledger.protocol.LedgerEvent;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decisions of one batch, on an overlay over the committed state: reads see the batch's own
 * earlier changes, the state itself changes only on commit. Checks run in a fixed, documented
 * order per command type, so a command with several faults always gets the same reason.
 */
final class BatchWork {
    private static final HexFormat HEX = HexFormat.of();
    private final LedgerState state;
    private final long slot;
    private final long timestampMs;
    /** Insertion order is the order of first change: it reaches the BatchResult. */
    private final Map<String, Account> changedAccounts = new LinkedHashMap<>();
    private final Map<String, Reply> newOutcomes = new LinkedHashMap<>();
    private final List<CommittedEvent> events = new ArrayList<>();
    private final List<String> payloads = new ArrayList<>();
    private final List<byte[]> hashes = new ArrayList<>();
    private long lastSeq;
    private String lastHash;
    /** lastHash's 32 bytes, which the next event's hash starts from: parsed once per batch, not per event. */
    private byte[] lastHashBytes;

    BatchWork(LedgerState state, long slot, long timestampMs) {
        this.state = state;
        this.slot = slot;
        this.timestampMs = timestampMs;
        this.lastSeq = state.lastSeq();
        this.lastHash = state.lastHash();
        this.lastHashBytes = HEX.parseHex(lastHash);
    }

    Reply execute(Command command) {
        if (command == null) {
            throw new IllegalArgumentException("a batch holds no null commands");
        }
        if (command.isRead()) {
            return read(command);
        }
        Reply earlier = outcome(command.commandId());
        if (earlier != null) {
            return earlier;
        }
        Reply reply = mutate(command);
        newOutcomes.put(command.commandId(), reply);
        return reply;
    }

    BatchResult result(List<Reply> replies) {
        return new BatchResult(slot, timestampMs, events, payloads, hashes, replies, List.copyOf(changedAccounts.values()),
                newOutcomes);
    }

    long lastSeq() {
        return lastSeq;
    }

    String lastHash() {
        return lastHash;
    }

    private Reply read(Command command) {
        if (command instanceof Command.GetStatus c) {
            Reply outcome = outcome(c.ofCommandId());
            return outcome == null ? Reply.unknown(c.commandId(), slot) : Reply.outcomeOf(c.commandId(), slot, outcome);
        }
        String accountId;
        if (command instanceof Command.GetBalance c) {
            accountId = c.accountId();
        } else if (command instanceof Command.GetHistory c) {
            accountId = c.accountId();
        } else {
            throw new IllegalStateException("unhandled read " + command.type());
        }
        Account account = account(accountId);
        if (account == null) {
            return Reply.rejected(command.commandId(), Reason.UNKNOWN_ACCOUNT, unknown(accountId), slot, null,
                    null, null);
        }
        return Reply.ok(command.commandId(), slot, null, account.view(), null);
    }

    private Reply mutate(Command command) {
        if (command instanceof Command.OpenAccount c) {
            return open(c);
        } else if (command instanceof Command.Deposit c) {
            return deposit(c);
        } else if (command instanceof Command.Withdraw c) {
            return withdraw(c);
        } else if (command instanceof Command.Transfer c) {
            return transfer(c);
        } else if (command instanceof Command.CloseAccount c) {
            return close(c);
        }
        throw new IllegalStateException("unhandled mutation " + command.type());
    }

    /** Order: ACCOUNT_EXISTS (an id is never reused, even after closing). */
    private Reply open(Command.OpenAccount c) {
        Account existing = account(c.accountId());
        if (existing != null) {
            return reject(c, Reason.ACCOUNT_EXISTS, "account " + c.accountId() + " exists", existing, null);
        }
        Account opened = Account.opened(c.accountId(), c.owner(), c.currency());
        return succeed(c, new LedgerEvent.AccountOpened(c.accountId(), c.owner(), c.currency()), opened, null);
    }

    /** Order: INVALID_AMOUNT, UNKNOWN_ACCOUNT, ACCOUNT_CLOSED, AMOUNT_OVERFLOW. */
    private Reply deposit(Command.Deposit c) {
        Account account = account(c.accountId());
        if (c.amountMinor() <= 0) {
            return reject(c, Reason.INVALID_AMOUNT, notPositive(c.amountMinor()), account, null);
        }
        if (account == null) {
            return reject(c, Reason.UNKNOWN_ACCOUNT, unknown(c.accountId()), null, null);
        }
        if (!account.isOpen()) {
            return reject(c, Reason.ACCOUNT_CLOSED, closed(c.accountId()), account, null);
        }
        long balanceAfter;
        try {
            balanceAfter = Math.addExact(account.balanceMinor(), c.amountMinor());
        } catch (ArithmeticException e) {
            return reject(c, Reason.AMOUNT_OVERFLOW, overflow(c.accountId()), account, null);
        }
        return succeed(c, new LedgerEvent.Deposited(c.accountId(), c.amountMinor(), balanceAfter),
                account.withBalance(balanceAfter), null);
    }

    /** Order: INVALID_AMOUNT, UNKNOWN_ACCOUNT, ACCOUNT_CLOSED, INSUFFICIENT_FUNDS. */
    private Reply withdraw(Command.Withdraw c) {
        Account account = account(c.accountId());
        if (c.amountMinor() <= 0) {
            return reject(c, Reason.INVALID_AMOUNT, notPositive(c.amountMinor()), account, null);
        }
        if (account == null) {
            return reject(c, Reason.UNKNOWN_ACCOUNT, unknown(c.accountId()), null, null);
        }
        if (!account.isOpen()) {
            return reject(c, Reason.ACCOUNT_CLOSED, closed(c.accountId()), account, null);
        }
        if (account.balanceMinor() < c.amountMinor()) {
            return reject(c, Reason.INSUFFICIENT_FUNDS, insufficient(account, c.amountMinor()), account, null);
        }
        long balanceAfter = account.balanceMinor() - c.amountMinor();
        return succeed(c, new LedgerEvent.Withdrawn(c.accountId(), c.amountMinor(), balanceAfter),
                account.withBalance(balanceAfter), null);
    }

    /**
     * Order: INVALID_AMOUNT, SAME_ACCOUNT, UNKNOWN_ACCOUNT (from, then to), ACCOUNT_CLOSED (from,
     * then to), CURRENCY_MISMATCH, INSUFFICIENT_FUNDS, AMOUNT_OVERFLOW.
     */
    private Reply transfer(Command.Transfer c) {
        Account from = account(c.fromAccountId());
        Account to = account(c.toAccountId());
        if (c.amountMinor() <= 0) {
            return reject(c, Reason.INVALID_AMOUNT, notPositive(c.amountMinor()), from, to);
        }
        if (c.fromAccountId().equals(c.toAccountId())) {
            return reject(c, Reason.SAME_ACCOUNT, "cannot transfer from " + c.fromAccountId() + " to itself",
                    from, null);
        }
        if (from == null) {
            return reject(c, Reason.UNKNOWN_ACCOUNT, unknown(c.fromAccountId()), null, to);
        }
        if (to == null) {
            return reject(c, Reason.UNKNOWN_ACCOUNT, unknown(c.toAccountId()), from, null);
        }
        if (!from.isOpen()) {
            return reject(c, Reason.ACCOUNT_CLOSED, closed(c.fromAccountId()), from, to);
        }
        if (!to.isOpen()) {
            return reject(c, Reason.ACCOUNT_CLOSED, closed(c.toAccountId()), from, to);
        }
        if (!from.currency().equals(to.currency())) {
            return reject(c, Reason.CURRENCY_MISMATCH, "account " + c.fromAccountId() + " holds " + from.currency()
                    + ", account " + c.toAccountId() + " holds " + to.currency(), from, to);
        }
        if (from.balanceMinor() < c.amountMinor()) {
            return reject(c, Reason.INSUFFICIENT_FUNDS, insufficient(from, c.amountMinor()), from, to);
        }
        long toBalanceAfter;
        try {
            toBalanceAfter = Math.addExact(to.balanceMinor(), c.amountMinor());
        } catch (ArithmeticException e) {
            return reject(c, Reason.AMOUNT_OVERFLOW, overflow(c.toAccountId()), from, to);
        }
        long fromBalanceAfter = from.balanceMinor() - c.amountMinor();
        return succeed(c, new LedgerEvent.TransferCompleted(c.fromAccountId(), c.toAccountId(), c.amountMinor(),
                fromBalanceAfter, toBalanceAfter), from.withBalance(fromBalanceAfter), to.withBalance(toBalanceAfter));
    }

    /** Order: UNKNOWN_ACCOUNT, ACCOUNT_CLOSED, NONZERO_BALANCE. */
    private Reply close(Command.CloseAccount c) {
        Account account = account(c.accountId());
        if (account == null) {
            return reject(c, Reason.UNKNOWN_ACCOUNT, unknown(c.accountId()), null, null);
        }
        if (!account.isOpen()) {
            return reject(c, Reason.ACCOUNT_CLOSED, closed(c.accountId()), account, null);
        }
        if (account.balanceMinor() != 0) {
            return reject(c, Reason.NONZERO_BALANCE, "account " + c.accountId() + " holds "
                    + account.balanceMinor(), account, null);
        }
        return succeed(c, new LedgerEvent.AccountClosed(c.accountId()), account.closed(), null);
    }

    private Reply succeed(Command command, LedgerEvent event, Account changed, Account otherChanged) {
        changedAccounts.put(changed.accountId(), changed);
        if (otherChanged != null) {
            changedAccounts.put(otherChanged.accountId(), otherChanged);
        }
        CommittedEvent committed = append(command, event);
        return Reply.ok(command.commandId(), slot, committed.seq(), changed.view(),
                otherChanged == null ? null : otherChanged.view());
    }

    private Reply reject(Command command, Reason reason, String detail, Account account, Account toAccount) {
        CommittedEvent committed = append(command, new LedgerEvent.CommandRejected(reason, command));
        return Reply.rejected(command.commandId(), reason, detail, slot, committed.seq(),
                account == null ? null : account.view(), toAccount == null ? null : toAccount.view());
    }

    private CommittedEvent append(Command command, LedgerEvent event) {
        String payload = event.canonicalJson();
        byte[] hash = EventHash.digest(lastHashBytes, lastSeq + 1, slot, command.commandId(), event.type(),
                timestampMs, payload);
        CommittedEvent committed = new CommittedEvent(lastSeq + 1, slot, command.commandId(), timestampMs, event,
                lastHash, HEX.formatHex(hash));
        // The plain way from the hex and the event's own JSON: also checks that the payload stored is the one hashed.
        assert committed.equals(CommittedEvent.chain(lastHash, lastSeq + 1, slot, command.commandId(), timestampMs,
                event)) : "the chain's own computation differs for " + committed;
        events.add(committed);
        payloads.add(payload);
        hashes.add(hash);
        lastSeq = committed.seq();
        lastHash = committed.hash();
        lastHashBytes = hash;
        return committed;
    }

    private Account account(String accountId) {
        Account changed = changedAccounts.get(accountId);
        return changed != null ? changed : state.account(accountId);
    }

    private Reply outcome(String commandId) {
        Reply fresh = newOutcomes.get(commandId);
        return fresh != null ? fresh : state.outcome(commandId);
    }

    private static String unknown(String accountId) {
        return "no account " + accountId;
    }

    private static String closed(String accountId) {
        return "account " + accountId + " is closed";
    }

    private static String notPositive(long amountMinor) {
        return "amountMinor must be positive, not " + amountMinor;
    }

    private static String overflow(String accountId) {
        return "the balance of " + accountId + " would exceed " + Long.MAX_VALUE;
    }

    private static String insufficient(Account account, long amountMinor) {
        return "account " + account.accountId() + " holds " + account.balanceMinor() + ", needs " + amountMinor;
    }
}
