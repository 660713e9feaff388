package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command.Transfer;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "transfer",
        description = {"Move money between two accounts of the same currency.",
            "AMOUNT is typed with a dot and at most the currency's decimals; without --currency the sending"
                    + " account is looked up first (a stale balance read) to learn its currency."})
final class TransferCommand extends MutationCommand {

    @Parameters(index = "0", paramLabel = "FROM")
    String fromAccountId;

    @Parameters(index = "1", paramLabel = "TO")
    String toAccountId;

    @Parameters(index = "2", arity = "0..1", paramLabel = "AMOUNT", description = "e.g. 12.34 (a dot, never a comma).")
    String amount;

    @Mixin
    AmountInput amountInput;

    @Override
    void validateMore() {
        CommandIds.checkAccountId(fromAccountId);
        CommandIds.checkAccountId(toAccountId);
        amountInput.validate(amount);
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        AmountInput.Resolved resolved = amountInput.resolve(amount, fromAccountId, exchange);
        if (resolved.refusedLookup() != null) {
            return exchange.print(resolved.refusedLookup(), fromAccountId, () -> { });
        }
        Reply reply = exchange.call(new Transfer(commandId(), fromAccountId, toAccountId, resolved.amountMinor()));
        if (reply.account() != null) {
            amountInput.warnIfCurrencyDiffers(reply.account().currency(), exchange.output());
        }
        return exchange.print(reply, fromAccountId, () -> {
            String currency = reply.account().currency();
            exchange.output().line("transferred " + Render.money(resolved.amountMinor(), currency)
                    + " from " + fromAccountId + " to " + toAccountId);
            Render.accounts(exchange.output(), reply.account(), reply.toAccount());
            Render.decided(exchange.output(), reply);
        });
    }
}
