package io.bankledger.cli;

import io.bankledger.cli.amount.Amounts;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "open-account", description = "Open an account with a zero balance in one currency.")
final class OpenAccountCommand extends MutationCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT", description = "Account id: 1-64 of [A-Za-z0-9_.-]; never reused.")
    String accountId;

    @Option(names = "--owner", required = true, paramLabel = "NAME", description = "Owner's name.")
    String owner;

    @Option(names = "--currency", required = true, paramLabel = "CODE", description = "ISO 4217 currency, e.g. BRL, USD, JPY.")
    String currency;

    @Override
    void validateMore() {
        CommandIds.checkAccountId(accountId);
        currency = Amounts.currencyCode(currency);
        if (owner.isBlank() || owner.length() > 200) {
            throw new UsageException("--owner must be 1 to 200 characters and not blank");
        }
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        Reply reply = exchange.call(new io.bankledger.protocol.Command.OpenAccount(commandId(), accountId, owner, currency));
        return exchange.print(reply, accountId, () -> {
            exchange.output().line("opened account " + accountId + " (" + currency + ") for " + owner);
            Render.accounts(exchange.output(), reply.account());
            Render.decided(exchange.output(), reply);
        });
    }
}
