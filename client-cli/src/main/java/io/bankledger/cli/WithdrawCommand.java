package io.bankledger.cli;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Command.Withdraw;

@picocli.CommandLine.Command(name = "withdraw",
        description = {"Take money out of an account (never below zero).",
            "AMOUNT is typed with a dot and at most the currency's decimals (12.34 BRL, 1234 JPY); without --currency"
                    + " the account is looked up first (a stale balance read) to learn its currency."})
final class WithdrawCommand extends SingleAccountMoneyCommand {

    @Override
    Command command(String commandId, String accountId, long amountMinor) {
        return new Withdraw(commandId, accountId, amountMinor);
    }

    @Override
    String done(String money, String accountId) {
        return "withdrew " + money + " from " + accountId;
    }
}
