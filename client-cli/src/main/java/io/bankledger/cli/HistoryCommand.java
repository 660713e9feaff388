package io.bankledger.cli;

import io.bankledger.cli.amount.Amounts;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.cli.output.TextTable;
import io.bankledger.protocol.Command.GetHistory;
import io.bankledger.protocol.HistoryEntry;
import io.bankledger.protocol.Reply;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "history", description = "Show an account's history: one line per event that changed it, oldest first.")
final class HistoryCommand extends LedgerCommand {

    @Parameters(index = "0", paramLabel = "ACCOUNT")
    String accountId;

    @Option(names = "--after-seq", paramLabel = "SEQ", defaultValue = "0",
            description = "Only entries with seq greater than SEQ (default ${DEFAULT-VALUE}); page with the last seq shown.")
    long afterSeq;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most N entries, 1-1000 (default ${DEFAULT-VALUE}).")
    int limit;

    @Override
    void validate() {
        CommandIds.checkAccountId(accountId);
        if (afterSeq < 0) {
            throw new UsageException("--after-seq must be 0 or more");
        }
        if (limit < 1 || limit > 1000) {
            throw new UsageException("--limit must be between 1 and 1000");
        }
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        Reply reply = exchange.call(new GetHistory(CommandIds.fresh(), accountId, afterSeq, limit));
        return exchange.print(reply, accountId, () -> {
            String currency = reply.account() == null ? null : reply.account().currency();
            TextTable table = TextTable.of("SEQ>", "SLOT>", "TIME (UTC)", "TYPE", "AMOUNT>", "BALANCE>", "COUNTERPARTY");
            for (HistoryEntry e : reply.entries() == null ? java.util.List.<HistoryEntry>of() : reply.entries()) {
                table.row(e.seq(), e.slot(), Instant.ofEpochMilli(e.timestampMs()).truncatedTo(ChronoUnit.SECONDS),
                        e.type(), currency == null ? e.amountMinor() : Amounts.format(e.amountMinor(), currency),
                        currency == null ? e.balanceMinor() : Amounts.format(e.balanceMinor(), currency),
                        e.counterpartyAccountId());
            }
            exchange.output().line(accountId + (currency == null ? "" : " (" + currency + ")") + ", as of slot " + reply.slot());
            table.print(exchange.output().out());
            int n = reply.entries() == null ? 0 : reply.entries().size();
            if (n == limit) {
                exchange.output().line("more may follow: bank history " + accountId + " --after-seq "
                        + reply.entries().get(n - 1).seq());
            }
        });
    }
}
