package io.bankledger.cli;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Command.Deposit;

@picocli.CommandLine.Command(name = "deposit",
        description = {"Put money into an account.",
            "AMOUNT is typed with a dot and at most the currency's decimals (12.34 BRL, 1234 JPY); without --currency"
                    + " the account is looked up first (a stale balance read) to learn its currency."})
final class DepositCommand extends SingleAccountMoneyCommand {

    @Override
    Command command(String commandId, String accountId, long amountMinor) {
        return new Deposit(commandId, accountId, amountMinor);
    }

    @Override
    String done(String money, String accountId) {
        return "deposited " + money + " into " + accountId;
    }
}
