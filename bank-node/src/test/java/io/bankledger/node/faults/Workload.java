package io.bankledger.node.faults;

import io.bankledger.protocol.Command;
import io.bankledger.protocol.Reply;
import jakarta.jms.JMSException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Concurrent clients moving money over a few hot accounts (transfers, some deposits and
 * withdrawals, linearizable balance reads), recording every command and what they learned.
 * Even-numbered clients retry a command that got no reply with the same commandId (the contract
 * makes that safe) until its budget is spent; odd-numbered ones give up after one attempt, as a
 * careless client would, so that the run has INDETERMINATE commands for the checker to account
 * for. Every third client sends its commands in client batches of 1 to 8 (one message, one reply,
 * each command decided alone), retried whole with the same commandIds. Closed loop: each client
 * has one command (or batch) in flight and pauses {@code thinkMs} between them, which bounds the
 * rate.
 *
 * <p>Seeded: the commands (not their timing) of a run are fixed by {@code seed}.
 */
public final class Workload {

    /** The hot accounts: four in BRL, two in EUR (transfers between currencies are refused). */
    public static final Map<String, String> ACCOUNTS = Map.of("hot-0", "BRL", "hot-1", "BRL", "hot-2", "BRL",
            "hot-3", "BRL", "hot-e0", "EUR", "hot-e1", "EUR");
    static final long INITIAL_DEPOSIT_MINOR = 50_000;
    private static final int BATCH_MAX = 8;
    /** Of a single-command client's turns, the percentage spent asking get-status of an earlier command. */
    private static final int STATUS_QUERY_PERCENT = 3;

    private final String brokerUrl;
    private final int clients;
    private final long seed;
    private final long thinkMs;
    private final long attemptTimeoutMs;
    private final long opBudgetMs;
    private final ConcurrentLinkedQueue<Op> history = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stopping = new AtomicBoolean();
    private final List<Thread> threads = new ArrayList<>();
    private final List<String> accountIds = ACCOUNTS.keySet().stream().sorted().toList();

    public Workload(String brokerUrl, int clients, long seed, long thinkMs) {
        this(brokerUrl, clients, seed, thinkMs, 4_000, 30_000);
    }

    Workload(String brokerUrl, int clients, long seed, long thinkMs, long attemptTimeoutMs, long opBudgetMs) {
        this.brokerUrl = brokerUrl;
        this.clients = clients;
        this.seed = seed;
        this.thinkMs = thinkMs;
        this.attemptTimeoutMs = attemptTimeoutMs;
        this.opBudgetMs = opBudgetMs;
    }

    /** Opens the hot accounts and funds them, recorded like any other command; fails if one is not OK. */
    public void setUp() throws InterruptedException {
        try (WorkloadClient client = new WorkloadClient(brokerUrl)) {
            for (String accountId : accountIds) {
                Op open = execute(client, 0, new Command.OpenAccount(id(), accountId, "Owner of " + accountId,
                        ACCOUNTS.get(accountId)), true);
                Op fund = execute(client, 0, new Command.Deposit(id(), accountId, INITIAL_DEPOSIT_MINOR), true);
                if (open.outcome() != Outcome.OK || fund.outcome() != Outcome.OK) {
                    throw new IllegalStateException("setting up " + accountId + ": " + open + " / " + fund);
                }
            }
        }
    }

    public void start() {
        for (int c = 1; c <= clients; c++) {
            int clientId = c;
            Thread thread = new Thread(() -> runClient(clientId), "workload-client-" + clientId);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    /** Stops the clients; each finishes (or gives up on) its command in flight first. */
    public void stop() throws InterruptedException {
        stopping.set(true);
        for (Thread thread : threads) {
            thread.join(opBudgetMs + 15_000);
            if (thread.isAlive()) {
                throw new IllegalStateException(thread.getName() + " did not stop");
            }
        }
    }

    private void runClient(int clientId) {
        Random random = new Random(seed * 1_000_003L + clientId);
        // This client's acknowledged mutations: now and then it asks get-status of one of them, long
        // after its outcome left the nodes' memory, and the checker compares the answer.
        List<String> acknowledged = new ArrayList<>();
        try (WorkloadClient client = new WorkloadClient(brokerUrl)) {
            while (!stopping.get()) {
                if (clientId % 3 != 2 && !acknowledged.isEmpty() && random.nextInt(100) < STATUS_QUERY_PERCENT) {
                    String asked = acknowledged.get(random.nextInt(acknowledged.size()));
                    execute(client, clientId, new Command.GetStatus(id(random), asked), clientId % 2 == 0);
                } else if (clientId % 3 == 2) {
                    List<Command> batch = new ArrayList<>();
                    for (int n = 1 + random.nextInt(BATCH_MAX); n > 0; n--) {
                        batch.add(nextCommand(random));
                    }
                    executeBatch(client, clientId, batch, clientId % 2 == 0);
                } else {
                    Op op = execute(client, clientId, nextCommand(random), clientId % 2 == 0);
                    if (op.command().isMutation() && op.outcome().acknowledged()) {
                        acknowledged.add(op.commandId());
                    }
                }
                if (thinkMs > 0) {
                    Thread.sleep(thinkMs);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Op execute(WorkloadClient client, int clientId, Command command, boolean retry)
            throws InterruptedException {
        return execute(client, clientId, List.of(command), retry,
                (timeoutMs) -> {
                    Reply reply = client.call(command, timeoutMs);
                    return reply == null ? null : List.of(reply);
                }).get(0);
    }

    private void executeBatch(WorkloadClient client, int clientId, List<Command> commands, boolean retry)
            throws InterruptedException {
        execute(client, clientId, commands, retry, (timeoutMs) -> client.callBatch(commands, timeoutMs));
    }

    /** One exchange with the cluster: the replies in order, or null when none came in time. */
    @FunctionalInterface
    private interface Attempt {
        List<Reply> replies(long timeoutMs) throws JMSException, InterruptedException;
    }

    /**
     * Tries until answered, or once if {@code retry} is off, within the budget; a retry resends
     * the same commandIds. Records one Op per command, all with the same times and attempts.
     */
    private List<Op> execute(WorkloadClient client, int clientId, List<Command> commands, boolean retry,
                             Attempt attempt) throws InterruptedException {
        long sentAt = System.currentTimeMillis();
        long deadline = sentAt + (retry ? opBudgetMs : attemptTimeoutMs);
        int attempts = 0;
        List<Reply> replies = null;
        while (replies == null && System.currentTimeMillis() < deadline && (retry || attempts == 0)) {
            try {
                attempts++;
                replies = attempt.replies(Math.min(attemptTimeoutMs, Math.max(1, deadline - System.currentTimeMillis())));
            } catch (JMSException | RuntimeException e) {
                client.reset();
                Thread.sleep(200);  // the broker is gone or restarting: try again shortly, same commandIds
            }
        }
        long doneAt = System.currentTimeMillis();
        List<Op> ops = new ArrayList<>(commands.size());
        for (int i = 0; i < commands.size(); i++) {
            ops.add(record(replies == null
                    ? Op.indeterminate(clientId, commands.get(i), sentAt, doneAt, attempts)
                    : Op.answered(clientId, commands.get(i), replies.get(i), sentAt, doneAt, attempts)));
        }
        return ops;
    }

    private Op record(Op op) {
        history.add(op);
        return op;
    }

    private Command nextCommand(Random random) {
        String a = accountIds.get(random.nextInt(accountIds.size()));
        int dice = random.nextInt(100);
        if (dice < 12) {
            return new Command.Deposit(id(random), a, 1 + random.nextInt(3_000));
        } else if (dice < 22) {
            return new Command.Withdraw(id(random), a, 1 + random.nextInt(3_000));
        } else if (dice < 85) {
            // Mostly between two accounts of one currency; some across currencies and some too
            // large for any hot account, which the ledger must refuse.
            int kind = random.nextInt(20);
            List<String> candidates = accountIds.stream().filter(id -> !id.equals(a))
                    .filter(id -> kind == 0 || ACCOUNTS.get(id).equals(ACCOUNTS.get(a))).toList();
            String b = candidates.get(random.nextInt(candidates.size()));
            long amount = kind == 1 || kind == 2 ? 10_000_000 : 1 + random.nextInt(5_000);
            return new Command.Transfer(id(random), a, b, amount);
        } else {
            return new Command.GetBalance(id(random), a);
        }
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static String id(Random random) {
        return new UUID(random.nextLong(), random.nextLong()).toString();
    }

    /** Every command recorded so far, in order of completion. */
    public List<Op> history() {
        return new ArrayList<>(history);
    }

    /** Commands answered (OK or REJECTED) with the reply arriving in [fromMs, toMs). */
    public long answeredBetween(long fromMs, long toMs) {
        return history.stream().filter(op -> op.outcome().acknowledged())
                .filter(op -> op.doneAtMs() >= fromMs && op.doneAtMs() < toMs).count();
    }

    /**
     * When the first mutation sent at or after {@code sinceMs} was answered (committed): the
     * client's view of "the cluster commits again".
     */
    public OptionalLong firstCommitSentAfter(long sinceMs) {
        return history.stream().filter(op -> op.command().isMutation() && op.outcome().acknowledged())
                .filter(op -> op.sentAtMs() >= sinceMs)
                .min(Comparator.comparingLong(Op::doneAtMs))
                .map(op -> OptionalLong.of(op.doneAtMs())).orElse(OptionalLong.empty());
    }
}
