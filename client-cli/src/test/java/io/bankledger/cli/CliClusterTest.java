package io.bankledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The commands run in-process against a real 3-node cluster (embedded Artemis, one PostgreSQL
 * database per node): human and --json output and every exit code a ledger can cause. One
 * cluster for the class; each test uses its own account ids.
 */
class CliClusterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestCluster cluster;
    private static CliRunner cli;
    @TempDir
    static Path cliHome;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = TestCluster.start(3);
        cluster.awaitLeader(Duration.ofSeconds(30));
        cli = new CliRunner(Map.of("BANK_BROKER_URL", cluster.brokerUrl(), "BANK_TIMEOUT", "20s"), cliHome);
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static CliRunner.Run ok(String... args) {
        CliRunner.Run run = cli.run(args);
        assertEquals(0, run.code(), run.toString());
        return run;
    }

    private static JsonNode json(CliRunner.Run run) throws Exception {
        return JSON.readTree(run.out());
    }

    private static void open(String account, String currency) {
        ok("open-account", account, "--owner", "Owner of " + account, "--currency", currency);
    }

    @Test
    void openDepositTransferAndReadInHumanForm() {
        CliRunner.Run opened = ok("open-account", "h-alice", "--owner", "Alice Example", "--currency", "brl");
        assertTrue(opened.out().contains("opened account h-alice (BRL) for Alice Example"), opened.out());
        open("h-bob", "BRL");

        CliRunner.Run deposit = ok("deposit", "h-alice", "1500.00");
        assertTrue(deposit.out().contains("deposited 1500.00 BRL into h-alice"), deposit.out());
        assertTrue(deposit.out().matches("(?s).*h-alice\\s+BRL\\s+1500\\.00\\s+OPEN.*"), deposit.out());

        CliRunner.Run transfer = ok("transfer", "h-alice", "h-bob", "100.25");
        assertTrue(transfer.out().contains("transferred 100.25 BRL from h-alice to h-bob"), transfer.out());
        assertTrue(transfer.out().matches("(?s).*h-alice\\s+BRL\\s+1399\\.75\\s+OPEN.*h-bob\\s+BRL\\s+100\\.25\\s+OPEN.*"),
                transfer.out());
        assertEquals("", transfer.err());

        CliRunner.Run balance = ok("balance", "h-alice");
        assertTrue(balance.out().contains("1399.75") && balance.out().contains("linearizable"), balance.out());
        // A stale read answers from whichever node takes it: wait until every node has applied bob.
        cluster.awaitConvergence(Duration.ofSeconds(20));
        CliRunner.Run stale = ok("balance", "h-bob", "--stale");
        assertTrue(stale.out().contains("(stale read)"), stale.out());

        CliRunner.Run history = ok("history", "h-alice");
        assertTrue(history.out().contains("AccountOpened") && history.out().contains("Deposited")
                && history.out().contains("TransferCompleted"), history.out());
        assertTrue(history.out().matches("(?s).*TransferCompleted\\s+-100\\.25\\s+1399\\.75\\s+h-bob.*"), history.out());

        CliRunner.Run page = ok("history", "h-alice", "--limit", "1");
        assertTrue(page.out().contains("more may follow: bank history h-alice --after-seq"), page.out());
        long lastSeq = Long.parseLong(page.out().replaceAll("(?s).*--after-seq (\\d+).*", "$1").trim());
        CliRunner.Run next = ok("history", "h-alice", "--after-seq", String.valueOf(lastSeq), "--json");
        assertFalse(next.out().contains("AccountOpened"), next.out());
    }

    @Test
    void jsonOutputIsTheReply() throws Exception {
        open("j-carol", "BRL");
        String id = UUID.randomUUID().toString();
        CliRunner.Run deposit = ok("deposit", "j-carol", "0.10", "--json", "--command-id", id);
        Reply reply = ReplyCodec.decode(deposit.out().trim());
        assertEquals(id, reply.commandId());
        assertEquals(Status.OK, reply.status());
        assertEquals(10, reply.account().balanceMinor());
        ok("deposit", "j-carol", "0.20", "--json");
        JsonNode balance = json(ok("balance", "j-carol", "--json"));
        assertEquals(30, balance.path("account").path("balanceMinor").asLong(), "0.10 + 0.20 is exactly 0.30");

        JsonNode history = json(ok("history", "j-carol", "--json"));
        assertEquals(3, history.path("entries").size());
    }

    @Test
    void minorUnitsAndCurrenciesWithoutDecimals() {
        open("y-yuki", "JPY");
        CliRunner.Run deposit = ok("deposit", "y-yuki", "1234");
        assertTrue(deposit.out().contains("deposited 1234 JPY") && deposit.out().matches("(?s).*y-yuki\\s+JPY\\s+1234\\s+OPEN.*"),
                deposit.out());
        CliRunner.Run decimals = cli.run("deposit", "y-yuki", "12.5");
        assertEquals(2, decimals.code(), decimals.toString());
        assertTrue(decimals.err().contains("at most 0 decimals"), decimals.toString());

        open("m-mia", "BRL");
        CliRunner.Run minor = ok("deposit", "m-mia", "--minor", "1234");
        assertTrue(minor.out().contains("deposited 12.34 BRL"), minor.out());
        CliRunner.Run withCurrency = ok("withdraw", "m-mia", "0.34", "--currency", "BRL");
        assertTrue(withCurrency.out().contains("12.00"), withCurrency.out());
    }

    @Test
    void rejectedByTheLedgerExitsWith1AndSaysWhatToDo() throws Exception {
        open("r-rita", "BRL");
        ok("deposit", "r-rita", "10.00");
        CliRunner.Run rejected = cli.run("withdraw", "r-rita", "10.01");
        assertEquals(1, rejected.code(), rejected.toString());
        assertEquals("", rejected.out());
        assertEquals(1, rejected.err().lines().count(), rejected.toString());
        assertTrue(rejected.err().contains("rejected: INSUFFICIENT_FUNDS") && rejected.err().contains("bank balance r-rita"),
                rejected.toString());

        CliRunner.Run json = cli.run("withdraw", "r-rita", "10.01", "--json");
        assertEquals(1, json.code());
        Reply reply = ReplyCodec.decode(json.out().trim());
        assertEquals(Status.REJECTED, reply.status());
        assertEquals(Reason.INSUFFICIENT_FUNDS, reply.reason());

        CliRunner.Run close = cli.run("close-account", "r-rita");
        assertEquals(1, close.code(), close.toString());
        assertTrue(close.err().contains("NONZERO_BALANCE") && close.err().contains("move the money out first"), close.toString());
        ok("withdraw", "r-rita", "10");
        assertTrue(ok("close-account", "r-rita").out().contains("closed account r-rita"));
        CliRunner.Run closed = cli.run("deposit", "r-rita", "--minor", "1");
        assertEquals(1, closed.code(), closed.toString());
        assertTrue(closed.err().contains("ACCOUNT_CLOSED"), closed.toString());

        CliRunner.Run exists = cli.run("open-account", "r-rita", "--owner", "Again", "--currency", "BRL");
        assertEquals(1, exists.code());
        assertTrue(exists.err().contains("ACCOUNT_EXISTS") && exists.err().contains("never reused"), exists.toString());
    }

    @Test
    void anAccountJustOpenedIsFoundByTheCurrencyLookupOnEveryNode() {
        // The lookup is a stale read first; a node that has not applied the opening yet must not
        // make the CLI call a brand-new account unknown. Repeated, so that several nodes answer.
        for (int i = 0; i < 6; i++) {
            String account = "n-new-" + i;
            open(account, "BRL");
            CliRunner.Run run = cli.run("deposit", account, "1.00");
            assertEquals(0, run.code(), run.toString());
        }
    }

    @Test
    void anUnknownAccountIsRejectedWhetherLookedUpOrNot() {
        CliRunner.Run lookedUp = cli.run("deposit", "u-nobody", "5.00");
        assertEquals(1, lookedUp.code(), lookedUp.toString());
        assertEquals(1, lookedUp.err().lines().count(), lookedUp.toString());
        assertTrue(lookedUp.err().contains("UNKNOWN_ACCOUNT") && lookedUp.err().contains("bank open-account"), lookedUp.toString());

        CliRunner.Run direct = cli.run("withdraw", "u-nobody", "--minor", "500");
        assertEquals(1, direct.code(), direct.toString());
        assertTrue(direct.err().contains("UNKNOWN_ACCOUNT"), direct.toString());

        CliRunner.Run balance = cli.run("balance", "u-nobody");
        assertEquals(1, balance.code(), balance.toString());
    }

    @Test
    void aTransferBetweenCurrenciesIsRejected() {
        open("c-real", "BRL");
        open("c-yen", "JPY");
        ok("deposit", "c-real", "5");
        CliRunner.Run run = cli.run("transfer", "c-real", "c-yen", "1.00");
        assertEquals(1, run.code(), run.toString());
        assertTrue(run.err().contains("CURRENCY_MISMATCH") && run.err().contains("same currency"), run.toString());
    }

    @Test
    void aCurrencyThatIsNotTheAccountsIsReported() {
        open("w-wes", "JPY");
        CliRunner.Run run = cli.run("deposit", "w-wes", "1.00", "--currency", "BRL");
        assertTrue(run.err().contains("warning: --currency BRL but the account holds JPY"), run.toString());
    }

    @Test
    void retryingWithTheSameCommandIdAppliesOnceAndStatusFindsTheOutcome() throws Exception {
        open("i-ivan", "BRL");
        String id = UUID.randomUUID().toString();
        CliRunner.Run first = ok("deposit", "i-ivan", "7.00", "--command-id", id, "--json");
        CliRunner.Run retry = ok("deposit", "i-ivan", "7.00", "--command-id", id, "--json");
        assertEquals(first.out(), retry.out(), "a retry gets the first reply back, byte for byte");
        assertEquals(700, json(ok("balance", "i-ivan", "--json")).path("account").path("balanceMinor").asLong());

        CliRunner.Run status = ok("status", id);
        assertTrue(status.out().contains("command " + id + ": OK") && status.out().contains("7.00"), status.out());
        JsonNode statusJson = json(ok("status", id, "--json"));
        assertEquals(ReplyCodec.decode(first.out().trim()), ReplyCodec.decode(statusJson.path("outcome").toString()));

        String rejectedId = UUID.randomUUID().toString();
        assertEquals(1, cli.run("withdraw", "i-ivan", "100", "--command-id", rejectedId).code());
        CliRunner.Run rejectedStatus = cli.run("status", rejectedId);
        assertEquals(1, rejectedStatus.code(), rejectedStatus.toString());
        assertTrue(rejectedStatus.out().contains("REJECTED INSUFFICIENT_FUNDS"), rejectedStatus.toString());

        String never = UUID.randomUUID().toString();
        CliRunner.Run unknown = cli.run("status", never);
        assertEquals(6, unknown.code(), unknown.toString());
        assertTrue(unknown.err().contains("no outcome recorded for command " + never), unknown.toString());
    }

    @Test
    void invalidInputExitsWith2() {
        CliRunner.Run comma = cli.run("deposit", "h-alice", "1,50");
        assertEquals(2, comma.code(), comma.toString());
        // An INVALID reply (refused before the log) maps to 2 as well; the CLI never sends one
        // that a node would refuse, so the mapping is checked on a constructed reply.
        Reply invalid = Reply.invalid(UUID.randomUUID().toString(), Reason.INVALID_FIELD, "amountMinor is not an integer");
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        LedgerCommand.Exchange exchange = new LedgerCommand.Exchange(null,
                new io.bankledger.cli.client.ConnectionSettings("tcp://x:1", null, null, Duration.ofSeconds(1)),
                new io.bankledger.cli.output.Output(new java.io.PrintWriter(out), new java.io.PrintWriter(err), false));
        assertEquals(ExitCodes.INVALID, exchange.print(invalid, "a", () -> { }));
        assertTrue(err.toString().startsWith("bank: invalid: INVALID_FIELD"), err.toString());
    }

    @Test
    void aReplyThatMissesTheTimeoutCanBeLookedUpAndRetriedSafely() throws Exception {
        open("t-tina", "BRL");
        String id = UUID.randomUUID().toString();
        // No reply crosses Paxos and PostgreSQL within 1 ms: the CLI gives up, the ledger does not.
        CliRunner.Run timedOut = cli.run("deposit", "t-tina", "3.00", "--currency", "BRL", "--timeout", "1ms",
                "--command-id", id);
        assertEquals(3, timedOut.code(), timedOut.toString());
        assertTrue(timedOut.err().contains("timed out after 1ms") && timedOut.err().contains("bank status " + id),
                timedOut.toString());

        TestCluster.await(Duration.ofSeconds(20), "the outcome of " + id, () -> cli.run("status", id).code() == 0);
        CliRunner.Run retry = ok("deposit", "t-tina", "3.00", "--currency", "BRL", "--command-id", id, "--json");
        assertEquals(300, ReplyCodec.decode(retry.out().trim()).account().balanceMinor(), "applied once");
    }

    @Test
    void aClosedPortIsUnreachable() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRunner.Run run = cli.run("deposit", "h-alice", "1.00", "--broker-url", "tcp://127.0.0.1:" + port, "--timeout", "1s");
        assertEquals(3, run.code(), run.toString());
        assertTrue(run.err().startsWith("bank: cannot reach the broker at tcp://127.0.0.1:" + port), run.toString());
    }

    @Test
    void clusterAndVerifyOnAHealthyCluster() throws Exception {
        open("v-vera", "BRL");
        ok("deposit", "v-vera", "1.00");
        cluster.awaitConvergence(Duration.ofSeconds(20));

        CliRunner.Run table = ok("cluster");
        assertTrue(table.out().contains("LEADER") && table.out().contains("FOLLOWER"), table.out());
        JsonNode nodes = json(ok("cluster", "--json")).path("nodes");
        assertEquals(3, nodes.size());
        for (JsonNode node : nodes) {
            assertEquals(0, node.path("lag").asLong(), nodes.toString());
        }

        CliRunner.Run verify = ok("verify");
        assertTrue(verify.out().contains("OK: 3 of 3 nodes agree"), verify.out());
        JsonNode verifyJson = json(ok("verify", "--json"));
        assertTrue(verifyJson.path("agree").asBoolean());
        assertTrue(verifyJson.path("seq").asLong() > 0);
    }

    @Test
    void loadRunsAScheduleAndReports() throws Exception {
        CliRunner.Run run = ok("load", "--accounts", "4", "--count", "60", "--rate", "100", "--skew", "hot:80:1",
                "--json", "--seed", "7", "--amount-max-minor", "50000000");
        JsonNode report = json(run);
        assertEquals(60, report.path("sent").asLong(), run.toString());
        assertEquals(60, report.path("answered").asLong(), run.toString());
        assertTrue(report.path("latencyMs").path("p99").asDouble() > 0, run.toString());
        assertTrue(report.path("latencyMs").has("p99.9") && report.path("latencyMs").has("max"), run.toString());
        assertEquals("intended-send", report.path("latencyFrom").asText());
        assertTrue(run.err().contains("opening and funding 4 accounts"), run.toString());

        CliRunner.Run human = ok("load", "--accounts", "2", "--count", "20", "--rate", "max", "--concurrency", "4");
        assertTrue(human.out().contains("sent 20 commands") && human.out().contains("p99.9"), human.toString());
        assertTrue(human.out().contains("outcomes:") && human.out().contains("OK"), human.toString());
    }

    @Test
    void loadWithClientBatchesGetsEveryCommandAnswered() throws Exception {
        CliRunner.Run run = ok("load", "--accounts", "6", "--count", "600", "--rate", "max", "--concurrency", "300",
                "--batch-max", "100", "--json", "--seed", "11");
        JsonNode report = json(run);
        assertEquals(100, report.path("batchMax").asInt(), run.toString());
        assertEquals(600, report.path("sent").asLong(), run.toString());
        assertEquals(600, report.path("answered").asLong(), run.toString());
        assertFalse(report.path("outcomes").has("TIMEOUT"), run.toString());
        assertFalse(report.path("outcomes").has("SEND_FAILED"), run.toString());
        assertTrue(report.path("outcomes").path("OK").asLong() > 0, run.toString());
    }
}
