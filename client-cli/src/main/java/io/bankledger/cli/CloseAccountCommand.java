package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command.CloseAccount;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "close-account", description = "Close an account; its balance must be zero. Its id is never reused.")
final class CloseAccountCommand extends MutationCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String accountId;

    @Override
    void validateMore() {
        CommandIds.checkAccountId(accountId);
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        Reply reply = exchange.call(new CloseAccount(commandId(), accountId));
        return exchange.print(reply, accountId, () -> {
            exchange.output().line("closed account " + accountId);
            Render.accounts(exchange.output(), reply.account());
            Render.decided(exchange.output(), reply);
        });
    }
}
