package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command.Deposit;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "deposit",
        description = {"Put money into an account.",
            "AMOUNT is typed with a dot and at most the currency's decimals (12.34 BRL, 1234 JPY); without --currency"
                    + " the account is looked up first (a stale balance read) to learn its currency."})
final class DepositCommand extends MutationCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String accountId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "AMOUNT", description = "e.g. 12.34 (a dot, never a comma).")
    String amount;

    @Mixin
    AmountInput amountInput;

    @Override
    void validateMore() {
        CommandIds.checkAccountId(accountId);
        amountInput.validate(amount);
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        AmountInput.Resolved resolved = amountInput.resolve(amount, accountId, exchange);
        if (resolved.refusedLookup() != null) {
            return exchange.print(resolved.refusedLookup(), accountId, () -> { });
        }
        Reply reply = exchange.call(new Deposit(commandId(), accountId, resolved.amountMinor()));
        if (reply.account() != null) {
            amountInput.warnIfCurrencyDiffers(reply.account().currency(), exchange.output());
        }
        return exchange.print(reply, accountId, () -> {
            String currency = reply.account().currency();
            exchange.output().line("deposited " + Render.money(resolved.amountMinor(), currency) + " into " + accountId);
            Render.accounts(exchange.output(), reply.account());
            Render.decided(exchange.output(), reply);
        });
    }
}
