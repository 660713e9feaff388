package io.bankledger.cli;

import picocli.CommandLine.Option;

/** A command that changes the ledger: it has a command id, the idempotency key a script may fix to retry. */
abstract class MutationCommand extends LedgerCommand {

    @Option(names = "--command-id", paramLabel = "UUID",
            description = "Idempotency key (default: a fresh UUID). Re-running with the same id never applies twice:"
                    + " it returns the first outcome.")
    String commandIdOption;

    private String commandId;

    final String commandId() {
        if (commandId == null) {
            commandId = CommandIds.orFresh(commandIdOption, "--command-id");
        }
        return commandId;
    }

    @Override
    void validate() {
        commandId();
        validateMore();
    }

    void validateMore() {
    }
}
