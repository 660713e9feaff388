package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * What deposit and withdraw share: one account, one amount typed as people type it, the reply
 * rendered with the account's currency. Subclasses say which command to send and how to say it.
 */
abstract class SingleAccountMoneyCommand extends MutationCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String accountId;

    @Parameters(index = "1", arity = "0..1", paramLabel = "AMOUNT", description = "e.g. 12.34 (a dot, never a comma).")
    String amount;

    @Mixin
    AmountInput amountInput;

    /** The command to send for {@code amountMinor}. */
    abstract Command command(String commandId, String accountId, long amountMinor);

    /** The first line printed on success, e.g. "deposited 12.34 BRL into alice". */
    abstract String done(String money, String accountId);

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
        Reply reply = exchange.call(command(commandId(), accountId, resolved.amountMinor()));
        if (reply.account() != null) {
            amountInput.warnIfCurrencyDiffers(reply.account().currency(), exchange.output());
        }
        return exchange.print(reply, accountId, () -> {
            String currency = reply.account().currency();
            exchange.output().line(done(Render.money(resolved.amountMinor(), currency), accountId));
            Render.accounts(exchange.output(), reply.account());
            Render.decided(exchange.output(), reply);
        });
    }
}
