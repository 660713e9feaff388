package io.bankledger.cli.load;

import io.bankledger.cli.client.CommandIdSource;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Consistency;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The commands of a run, drawn from a seeded random source over a fixed set of accounts: the
 * same seed gives the same sequence of kinds, accounts and amounts. Command ids are fresh
 * time-ordered UUIDs ({@link CommandIdSource}; an id must never repeat across runs against the same
 * ledger). Not thread-safe: the generator's scheduling thread is its only caller.
 */
public final class Workload {

    private final List<String> accounts;
    private final AccountPicker picker;
    private final CommandMix mix;
    private final long amountMinorMax;
    private final SplittableRandom random;

    public Workload(List<String> accounts, AccountPicker picker, CommandMix mix, long amountMinorMax, long seed) {
        if (accounts.isEmpty()) {
            throw new IllegalArgumentException("a workload needs at least one account");
        }
        if (amountMinorMax < 1) {
            throw new IllegalArgumentException("amountMinorMax must be >= 1");
        }
        this.accounts = List.copyOf(accounts);
        this.picker = picker;
        this.mix = mix;
        this.amountMinorMax = amountMinorMax;
        this.random = new SplittableRandom(seed);
    }

    public Command next() {
        String id = CommandIdSource.next();
        String account = accounts.get(picker.pick(random));
        long amount = 1 + random.nextLong(amountMinorMax);
        return switch (mix.next(random)) {
            case DEPOSIT -> new Command.Deposit(id, account, amount);
            case WITHDRAW -> new Command.Withdraw(id, account, amount);
            case BALANCE -> new Command.GetBalance(id, account, Consistency.LINEARIZABLE);
            case TRANSFER -> {
                if (accounts.size() == 1) {
                    yield new Command.Deposit(id, account, amount);
                }
                String to = account;
                while (to.equals(account)) {
                    to = accounts.get(picker.pick(random));
                    if (to.equals(account)) {
                        to = accounts.get(random.nextInt(accounts.size()));
                    }
                }
                yield new Command.Transfer(id, account, to, amount);
            }
        };
    }
}
