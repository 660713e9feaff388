package io.bankledger.cli;

import io.bankledger.cli.client.BankClient;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.cli.output.Output;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A subcommand that sends one command (after an optional lookup) and prints its reply. It
 * checks the input before connecting, so a typing mistake needs no broker. A reply that does not
 * come in time is reported with the command id and the exact {@code bank status} line to look
 * its outcome up later; the CLI never retries by itself.
 */
abstract class LedgerCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    /** Checks the arguments; throws {@link UsageException} before anything is sent. */
    void validate() {
    }

    /** Sends and prints; returns the exit code. */
    abstract int execute(Exchange exchange) throws ReplyTimeoutException, BrokerUnreachableException;

    @Override
    public final Integer call() throws BrokerUnreachableException {
        BankCli cli = (BankCli) spec.root().userObject();
        ConnectionSettings settings = common.resolve(cli);
        validate();
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), common.json);
        try (BankClient client = BankClient.connect(settings)) {
            Exchange exchange = new Exchange(client, settings, output);
            try {
                return execute(exchange);
            } catch (ReplyTimeoutException e) {
                return exchange.timedOut(e);
            }
        }
    }

    /** One session with the ledger: send, wait, print. */
    record Exchange(BankClient client, ConnectionSettings settings, Output output) {

        Reply call(Command command) throws ReplyTimeoutException, BrokerUnreachableException {
            Reply reply = client.call(command, settings.timeout());
            if (reply.commandId() != null && !reply.commandId().equals(command.commandId())) {
                throw new IllegalStateException("reply for " + reply.commandId() + " to command " + command.commandId());
            }
            return reply;
        }

        /**
         * Prints {@code reply}: its JSON with --json, else {@code human} for OK; a refusal is one
         * line on stderr either way. Returns the exit code of its status.
         */
        int print(Reply reply, String accountId, Runnable human) {
            if (output.json()) {
                output.line(ReplyCodec.encode(reply));
            }
            return switch (reply.status()) {
                case OK -> {
                    if (!output.json()) {
                        human.run();
                    }
                    yield ExitCodes.OK;
                }
                case REJECTED -> {
                    output.problem(refusal(reply, accountId));
                    yield ExitCodes.REJECTED;
                }
                case INVALID -> {
                    output.problem(refusal(reply, accountId));
                    yield ExitCodes.INVALID;
                }
                case UNKNOWN -> {
                    output.problem("the node answered UNKNOWN to command " + reply.commandId());
                    yield ExitCodes.UNKNOWN;
                }
            };
        }

        static String refusal(Reply reply, String accountId) {
            String word = reply.status() == Status.REJECTED ? "rejected" : "invalid";
            String detail = reply.detail() == null ? "" : " (" + reply.detail() + ")";
            // A refused read (no seq) has no outcome to look up: its id would only mislead.
            String where = reply.commandId() == null || reply.seq() == null ? "" : " [command " + reply.commandId()
                    + (reply.slot() == null ? "" : ", slot " + reply.slot()) + "]";
            return word + ": " + reply.reason() + detail + ": " + Hints.forReason(reply.reason(), accountId) + where;
        }

        int timedOut(ReplyTimeoutException e) {
            String id = e.commandId();
            String lookup = lookupCommand(id);
            boolean read = e.isRead();
            String message = read
                    ? "timed out after " + millis() + " waiting for the answer to read " + id
                            + " (a read changes nothing): try again, perhaps with a longer --timeout"
                    : "timed out after " + millis() + " waiting for the reply to command " + id
                            + "; it may still take effect. Look its outcome up with: " + lookup
                            + " (or retry safely with --command-id " + id + ")";
            if (output.json()) {
                output.line("{\"commandId\":\"" + id + "\",\"status\":\"TIMEOUT\",\"timeoutMs\":"
                        + settings.timeout().toMillis() + (read ? "" : ",\"lookup\":\"" + lookup + "\"") + "}");
            }
            output.problem(message);
            return ExitCodes.UNAVAILABLE;
        }

        private String millis() {
            long ms = settings.timeout().toMillis();
            return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
        }

        String lookupCommand(String commandId) {
            String url = settings.brokerUrl().equals(ConnectionSettings.DEFAULT_BROKER_URL)
                    ? "" : " --broker-url " + settings.safeBrokerUrl();
            return "bank status " + commandId + url;
        }
    }
}
