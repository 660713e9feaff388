package io.bankledger.cli;

import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command.GetStatus;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "status",
        description = {"Look up the outcome of an earlier command by its id (after a timeout, say).",
            "Exit code: that of the outcome (0 OK, 1 rejected), or 6 if the ledger has none (yet): reads leave none."})
final class StatusCommand extends LedgerCommand {

    @Parameters(index = "0", paramLabel = "COMMAND_ID", description = "The UUID the earlier command printed.")
    String ofCommandId;

    @Override
    void validate() {
        CommandIds.check(ofCommandId, "COMMAND_ID");
    }

    @Override
    int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException {
        Reply reply = exchange.call(new GetStatus(CommandIds.fresh(), ofCommandId));
        if (reply.status() == Status.UNKNOWN) {
            if (exchange.output().json()) {
                exchange.output().line(ReplyCodec.encode(reply));
            }
            exchange.output().problem("no outcome recorded for command " + ofCommandId + " as of slot " + reply.slot()
                    + ": it has not reached the ledger (yet), or it was a read; resend it with --command-id "
                    + ofCommandId + " to apply it at most once");
            return ExitCodes.UNKNOWN;
        }
        if (reply.status() != Status.OK || reply.outcome() == null) {
            return exchange.print(reply, null, () -> { });
        }
        Reply outcome = reply.outcome();
        if (exchange.output().json()) {
            exchange.output().line(ReplyCodec.encode(reply));
        } else {
            exchange.output().line("command " + ofCommandId + ": " + outcome.status()
                    + (outcome.reason() == null ? "" : " " + outcome.reason())
                    + (outcome.detail() == null ? "" : " (" + outcome.detail() + ")"));
            if (outcome.account() != null) {
                Render.accounts(exchange.output(), outcome.account(), outcome.toAccount());
            }
            exchange.output().line("decided at slot " + outcome.slot() + (outcome.seq() == null ? "" : "  seq " + outcome.seq()));
        }
        return outcome.status() == Status.OK ? ExitCodes.OK : ExitCodes.REJECTED;
    }
}
