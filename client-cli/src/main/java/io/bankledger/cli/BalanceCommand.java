package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command.GetBalance;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.Reply;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "balance", description = "Show an account's balance (a linearizable read through the log, unless --stale).")
final class BalanceCommand extends LedgerCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String accountId;

    @Option(names = "--stale", description = "Read the answering node's local projection at once (may lag; says which slot it reflects).")
    boolean stale;

    @Override
    void validate() {
        CommandIds.checkAccountId(accountId);
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        Consistency consistency = stale ? Consistency.STALE : Consistency.LINEARIZABLE;
        Reply reply = exchange.call(new GetBalance(CommandIds.fresh(), accountId, consistency));
        return exchange.print(reply, accountId, () -> {
            Render.accounts(exchange.output(), reply.account());
            exchange.output().line("as of slot " + reply.slot() + (stale ? " (stale read)" : " (linearizable read)"));
        });
    }
}
