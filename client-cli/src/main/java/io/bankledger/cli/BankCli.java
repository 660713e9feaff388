package io.bankledger.cli;

import io.bankledger.cli.amount.AmountException;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.SettingsResolver;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code bank} command: a JMS client of the replicated ledger. It holds what every
 * subcommand shares (the environment and home directory the settings come from, so tests can
 * supply their own) and turns every failure into a one-line message and an exit code.
 */
@Command(name = "bank",
        scope = ScopeType.INHERIT,
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        description = "Client of the replicated bank ledger: sends commands to queue bank.requests and prints the replies.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:OK: the command took effect / was answered",
            "1:rejected by the ledger (INSUFFICIENT_FUNDS, UNKNOWN_ACCOUNT, ...)",
            "2:invalid input: usage error, or an INVALID reply",
            "3:timeout or broker unreachable: outcome unknown, retry with the same --command-id",
            "4:internal error",
            "5:verify: the nodes' hash chains disagree",
            "6:status: no outcome recorded for that command id",
        },
        footer = {"%nSettings, first match wins: flag > env (BANK_BROKER_URL, BANK_USER,",
            "BANK_PASSWORD, BANK_TIMEOUT) > config file (--config FILE, else",
            "~/.config/bank/cli.properties) > default (" + ConnectionSettings.DEFAULT_BROKER_URL + ",",
            "the dev cluster's login, 10s).",
            "Amounts: a dot as decimal separator, at most the currency's decimals",
            "(12.34 BRL, 1234 JPY); a comma is refused."},
        subcommands = {
            OpenAccountCommand.class,
            DepositCommand.class,
            WithdrawCommand.class,
            TransferCommand.class,
            CloseAccountCommand.class,
            BalanceCommand.class,
            HistoryCommand.class,
            StatusCommand.class,
            ClusterCommand.class,
            VerifyCommand.class,
            LoadCommand.class,
            AutoComplete.GenerateCompletion.class,
        })
public final class BankCli implements Runnable {

    private final Map<String, String> env;
    private final Path userHome;

    @Spec
    CommandSpec spec;

    public BankCli(Map<String, String> env, Path userHome) {
        this.env = Map.copyOf(env);
        this.userHome = userHome;
    }

    public static void main(String[] args) {
        CommandLine commandLine = newCommandLine(System.getenv(), Path.of(System.getProperty("user.home")));
        System.exit(commandLine.execute(args));
    }

    /** A ready command line; tests set their own out/err writers on it after this. */
    public static CommandLine newCommandLine(Map<String, String> env, Path userHome) {
        CommandLine commandLine = new CommandLine(new BankCli(env, userHome));
        commandLine.setExecutionExceptionHandler(BankCli::onException);
        commandLine.setParameterExceptionHandler(BankCli::onParameterException);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    public SettingsResolver settingsResolver() {
        return new SettingsResolver(env, userHome);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: e.g. bank balance ACCOUNT");
    }

    private static int onParameterException(ParameterException e, String[] args) {
        CommandLine cmd = e.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("bank: " + e.getMessage() + " (see: " + cmd.getCommandSpec().qualifiedName() + " --help)");
        err.flush();
        return ExitCodes.INVALID;
    }

    private static int onException(Exception e, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        int code;
        String message;
        if (e instanceof UsageException || e instanceof AmountException) {
            code = ExitCodes.INVALID;
            message = e.getMessage();
        } else if (e instanceof BrokerUnreachableException) {
            code = ExitCodes.UNAVAILABLE;
            message = e.getMessage();
        } else {
            code = ExitCodes.INTERNAL;
            message = "internal error: " + e + " (please report it)";
        }
        err.println("bank: " + message);
        err.flush();
        return code;
    }
}
