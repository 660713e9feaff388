package io.bankledger.cli;

import io.bankledger.cli.amount.AmountException;
import io.bankledger.cli.amount.Amounts;
import io.bankledger.cli.client.BankClient;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ConnectionSettings;
import io.bankledger.cli.client.DurationConverter;
import io.bankledger.cli.load.AccountPicker;
import io.bankledger.cli.load.AccountSetup;
import io.bankledger.cli.load.CommandMix;
import io.bankledger.cli.load.CommandSender;
import io.bankledger.cli.load.LatencyRecorder;
import io.bankledger.cli.load.LoadGenerator;
import io.bankledger.cli.load.LoadPlan;
import io.bankledger.cli.load.LoadReport;
import io.bankledger.cli.load.Progress;
import io.bankledger.cli.load.Workload;
import io.bankledger.cli.output.Output;
import io.bankledger.protocol.CommandCodec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "load",
        description = {"Generate load: opens and funds K fresh accounts, then sends a mix of commands over them"
                + " on an open-loop schedule (--rate N) or as fast as --concurrency allows (--rate max),"
                + " for --duration or --count, and reports throughput, latency percentiles (from each command's"
                + " intended send time) and outcomes.",
            "Progress goes to stderr (a live line on a terminal, periodic lines otherwise); the report to stdout."
                + " Exit code 0 once the run completed (rejections are part of a mix), 3 if nothing was answered."})
final class LoadCommand implements Callable<Integer> {

    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Option(names = "--accounts", paramLabel = "K", defaultValue = "100", description = "Accounts to open and use (default ${DEFAULT-VALUE}).")
    int accounts;

    @Option(names = "--skew", paramLabel = "SKEW", defaultValue = "uniform",
            description = "Which accounts get the traffic: uniform, zipf[:S] (weight 1/i^S, default S=1),"
                    + " hot:X:Y (X%% of traffic on Y accounts). Default ${DEFAULT-VALUE}.")
    String skew;

    @Option(names = "--mix", paramLabel = "MIX", defaultValue = CommandMix.DEFAULT,
            description = "Shares of transfer, deposit, withdraw, balance (default ${DEFAULT-VALUE}).")
    String mix;

    @Option(names = "--rate", paramLabel = "N/s|max", defaultValue = "100",
            description = "Target commands per second (open loop), or max (closed loop with --concurrency). Default ${DEFAULT-VALUE}.")
    String rate;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16", description = "Requests in flight with --rate max (default ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--max-in-flight", paramLabel = "N", defaultValue = "1000",
            description = "Bound on requests awaiting replies at a fixed rate (default ${DEFAULT-VALUE}); beyond it sends wait,"
                    + " and the wait counts in the latency.")
    int maxInFlight;

    @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to send (default 10s unless --count is given).")
    Duration duration;

    @Option(names = "--count", paramLabel = "N", description = "How many commands to send (stops at whichever of --count and --duration comes first).")
    Long count;

    @Option(names = "--currency", paramLabel = "CODE", defaultValue = "BRL", description = "Currency of the accounts (default ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--fund", paramLabel = "AMOUNT", defaultValue = "1000000",
            description = "Initial deposit per account, typed like any amount (default ${DEFAULT-VALUE}).")
    String fund;

    @Option(names = "--amount-max-minor", paramLabel = "MINOR", defaultValue = "10000",
            description = "Largest amount of a generated command, in minor units (default ${DEFAULT-VALUE}).")
    long amountMaxMinor;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the workload's choices (default: random, printed).")
    Long seed;

    @Option(names = "--senders", paramLabel = "N", defaultValue = "4", description = "JMS sessions sending in parallel (default ${DEFAULT-VALUE}).")
    int senders;

    @Option(names = "--batch-max", paramLabel = "N", defaultValue = "1",
            description = "Most commands per request message, 1..1000 (default ${DEFAULT-VALUE}: one message per command)."
                    + " Above 1, commands that queue up while a send waits for the broker leave together as one batch"
                    + " message (a lone command still leaves at once, alone); each is decided as if sent alone.")
    int batchMax;

    @Option(names = "--progress-interval", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How often to report progress (default 1s on a terminal, 5s otherwise).")
    Duration progressInterval;

    @Override
    public Integer call() throws BrokerUnreachableException, InterruptedException {
        ConnectionSettings settings = common.resolve((BankCli) spec.root().userObject());
        Output output = new Output(spec.commandLine().getOut(), spec.commandLine().getErr(), common.json);
        LoadPlan plan = plan(settings.timeout());
        if (accounts < 1 || accounts > 100_000) {
            throw new UsageException("--accounts must be between 1 and 100000");
        }
        if (senders < 1 || senders > 64) {
            throw new UsageException("--senders must be between 1 and 64");
        }
        if (amountMaxMinor < 1) {
            throw new UsageException("--amount-max-minor must be positive");
        }
        if (batchMax < 1 || batchMax > CommandCodec.BATCH_COMMANDS_MAX) {
            throw new UsageException("--batch-max must be between 1 and " + CommandCodec.BATCH_COMMANDS_MAX
                    + " (1: one message per command)");
        }
        String code = Amounts.currencyCode(currency);
        long fundMinor = Amounts.parse(fund, code);
        AccountPicker picker;
        CommandMix commandMix;
        try {
            picker = AccountPicker.parse(skew, accounts);
            commandMix = CommandMix.parse(mix);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        long workloadSeed = seed != null ? seed : new java.util.SplittableRandom().nextLong();
        boolean tty = System.console() != null;
        Duration every = progressInterval != null ? progressInterval : Duration.ofSeconds(tty ? 1 : 5);

        try (BankClient client = BankClient.connect(settings, senders)) {
            String prefix = "load-" + UUID.randomUUID().toString().substring(0, 8);
            output.err().println("opening and funding " + accounts + " accounts " + prefix + "-* with "
                    + Render.money(fundMinor, code) + " each (seed " + workloadSeed + ")");
            output.err().flush();
            List<String> ids;
            try {
                ids = AccountSetup.openAndFund(client.asSender(), prefix, accounts, code, fundMinor, settings.timeout());
            } catch (IllegalStateException e) {
                output.problem(e.getMessage());
                return ExitCodes.UNAVAILABLE;
            }
            Workload workload = new Workload(ids, picker, commandMix, amountMaxMinor, workloadSeed);
            LatencyRecorder recorder = new LatencyRecorder();
            Consumer<Progress> progress = p -> {
                String line = String.format(Locale.ROOT, "%6.1f s  sent %d  answered %d  in flight %d  timeouts %d  p99 %.1f ms",
                        p.elapsedNanos() / 1e9, p.sent(), p.completed(), p.inFlight(), p.timeouts(), p.p99Ms());
                if (tty) {
                    output.err().print("\r" + line + "   ");
                } else {
                    output.err().println(line);
                }
                output.err().flush();
            };
            CommandSender sender = batchMax == 1 ? client.asSender() : client.asBatchingSender(batchMax);
            LoadReport report = new LoadGenerator(sender, senders).run(plan, workload::next, recorder, progress, every)
                    .withBatchMax(batchMax);
            if (tty) {
                output.err().println();
                output.err().flush();
            }
            if (output.json()) {
                output.line(report.toJson());
            } else {
                report.printHuman(output.out());
            }
            if (report.answered() == 0) {
                output.problem("no command was answered: is the cluster up? (check with: bank cluster)");
                return ExitCodes.UNAVAILABLE;
            }
            return ExitCodes.OK;
        } catch (AmountException e) {
            throw new UsageException(e.getMessage());
        }
    }

    LoadPlan plan(Duration requestTimeout) {
        Double ratePerSecond = parseRate(rate);
        if (concurrency < 1 || concurrency > 10_000) {
            throw new UsageException("--concurrency must be between 1 and 10000");
        }
        if (maxInFlight < 1 || maxInFlight > 100_000) {
            throw new UsageException("--max-in-flight must be between 1 and 100000");
        }
        if (count != null && count < 1) {
            throw new UsageException("--count must be positive");
        }
        Duration runFor = duration == null && count == null ? Duration.ofSeconds(10) : duration;
        if (runFor != null && runFor.isZero()) {
            throw new UsageException("--duration must be positive, e.g. 30s");
        }
        return new LoadPlan(ratePerSecond, concurrency, runFor, count, maxInFlight, requestTimeout);
    }

    static Double parseRate(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("max")) {
            return null;
        }
        if (s.endsWith("/s")) {
            s = s.substring(0, s.length() - 2);
        }
        try {
            double value = Double.parseDouble(s);
            if (value > 0 && value <= 1_000_000) {
                return value;
            }
        } catch (NumberFormatException e) {
            // the message below says what to write
        }
        throw new UsageException("--rate '" + text + "' is not a rate: write a number of commands per second (e.g. 200 or 200/s) or max");
    }
}
