package io.bankledger.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.node.testing.TestBroker;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.NodeStatusView;
import jakarta.jms.Connection;
import jakarta.jms.MessageConsumer;
import jakarta.jms.MessageProducer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI where no ledger node is needed: help, usage mistakes (caught before anything is sent),
 * an unreachable broker, a reply that never comes (a real broker with no node consuming), and
 * cluster/verify against fake nodes that answer on their admin queues with chosen hashes (how a
 * disagreement is produced without corrupting a real store).
 */
class CliWithoutNodesTest {

    private static final String HASH_A = "a".repeat(64);
    private static final String HASH_B = "b".repeat(64);

    private static String brokerUrl;
    private static Connection fakeNodes;
    private static CliRunner cli;
    @TempDir
    static Path cliHome;

    @BeforeAll
    static void start() throws Exception {
        brokerUrl = TestBroker.shared().url();
        cli = new CliRunner(Map.of("BANK_BROKER_URL", brokerUrl), cliHome);
        // The fake nodes log in as a node: only role node may consume bank.admin.# and answer clients.
        fakeNodes = new ActiveMQConnectionFactory(brokerUrl).createConnection(BrokerUsers.nodeUser(1), BrokerUsers.DEV_NODE_PASSWORD);
        // Fake nodes 71, 72 agree at seq 5; 73 holds another event there. Node 74 never answers.
        fakeNode(71, 7, HASH_A);
        fakeNode(72, 5, HASH_A);
        fakeNode(73, 6, HASH_B);
        fakeNodes.start();
    }

    private static void fakeNode(int id, long lastSeq, String hashAtFive) throws Exception {
        Session session = fakeNodes.createSession(false, Session.AUTO_ACKNOWLEDGE);
        MessageProducer producer = session.createProducer(null);
        MessageConsumer consumer = session.createConsumer(session.createQueue(Destinations.adminQueue(id)));
        consumer.setMessageListener(message -> {
            try {
                Long seq = NodeStatusView.requestedSeq(((TextMessage) message).getText());
                String hashAt = seq == null ? null : seq == 5 ? hashAtFive : null;
                NodeStatusView view = new NodeStatusView(id, id == 71 ? "LEADER" : "FOLLOWER", "3.71", 71, lastSeq + 2,
                        lastSeq + 2, lastSeq, "c".repeat(64), 0, seq, hashAt);
                TextMessage answer = session.createTextMessage(view.toJson());
                answer.setJMSCorrelationID(message.getJMSCorrelationID());
                producer.send(message.getJMSReplyTo(), answer);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @AfterAll
    static void stop() throws Exception {
        if (fakeNodes != null) {
            fakeNodes.close();
        }
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void assertOneLine(CliRunner.Run run, int code, String... fragments) {
        assertEquals(code, run.code(), run.toString());
        assertEquals(1, run.err().lines().count(), "one line on stderr: " + run);
        assertTrue(run.err().startsWith("bank: "), run.toString());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), "expected '" + fragment + "' in: " + run);
        }
    }

    // --- help, version, completion

    @Test
    void everyCommandHasHelpWithTheExitCodes() {
        for (String command : new String[] {"open-account", "deposit", "withdraw", "transfer", "close-account", "balance",
            "history", "status", "cluster", "verify", "load"}) {
            CliRunner.Run run = cli.run(command, "--help");
            assertEquals(0, run.code(), run.toString());
            assertTrue(run.out().contains("Usage: bank " + command), run.toString());
            assertTrue(run.out().contains("Exit codes:") && run.out().contains("timeout or broker unreachable"), run.toString());
        }
        assertTrue(cli.run("deposit", "--help").out().contains("looked up first"));
        assertEquals(0, cli.run("--help").code());
    }

    @Test
    void versionAndCompletion() {
        CliRunner.Run version = cli.run("--version");
        assertEquals(0, version.code());
        assertTrue(version.out().startsWith("bank "), version.out());
        CliRunner.Run completion = cli.run("generate-completion");
        assertEquals(0, completion.code());
        assertTrue(completion.out().contains("complete") && completion.out().contains("deposit"));
    }

    // --- user mistakes: one line on stderr that says what to do, exit 2, nothing sent

    @Test
    void aCommaInAnAmountSaysToUseADot() {
        assertOneLine(cli.run("deposit", "alice", "12,34", "--currency", "BRL"), 2, "use a dot");
    }

    @Test
    void tooManyDecimalsForTheCurrency() {
        assertOneLine(cli.run("deposit", "alice", "12.345", "--currency", "BRL"), 2, "at most 2 decimals");
        assertOneLine(cli.run("withdraw", "alice", "12.5", "--currency", "JPY"), 2, "at most 0 decimals");
    }

    @Test
    void aBadAmount() {
        assertOneLine(cli.run("deposit", "alice", "twelve"), 2, "not an amount");
        assertOneLine(cli.run("deposit", "alice", "0"), 2, "zero");
    }

    @Test
    void aNegativeAmount() {
        assertOneLine(cli.run("deposit", "alice", "-5"), 2, "negative", "positive");
        assertOneLine(cli.run("transfer", "alice", "bob", "--", "-5.00"), 2, "negative");
        assertOneLine(cli.run("withdraw", "alice", "--minor", "-500"), 2, "greater than zero");
    }

    @Test
    void aMissingArgument() {
        assertOneLine(cli.run("deposit", "alice"), 2, "missing amount");
        assertOneLine(cli.run("deposit"), 2, "ACCOUNT", "--help");
        assertOneLine(cli.run("open-account", "carol", "--currency", "BRL"), 2, "--owner");
        assertOneLine(cli.run("deposit", "alice", "5", "--minor", "500"), 2, "not both");
    }

    @Test
    void aWrongCurrency() {
        assertOneLine(cli.run("open-account", "carol", "--owner", "Carol", "--currency", "XYZ"), 2, "unknown currency XYZ", "ISO 4217");
        assertOneLine(cli.run("deposit", "carol", "5", "--currency", "REAL"), 2, "3-letter");
    }

    @Test
    void badIdsAndOptions() {
        assertOneLine(cli.run("deposit", "bad id!", "5", "--currency", "BRL"), 2, "not an account id");
        assertOneLine(cli.run("status", "12345"), 2, "not a command id", "UUID");
        assertOneLine(cli.run("deposit", "alice", "5", "--command-id", "x"), 2, "not a command id");
        assertOneLine(cli.run("balance", "alice", "--timeout", "soon"), 2, "not a duration");
        assertOneLine(cli.run("load", "--rate", "fast"), 2, "not a rate");
        assertOneLine(cli.run("load", "--skew", "lumpy"), 2, "not a skew");
        assertOneLine(cli.run("load", "--batch-max", "0"), 2, "--batch-max must be between 1 and 1000");
        assertOneLine(cli.run("load", "--batch-max", "1001"), 2, "--batch-max must be between 1 and 1000");
        assertOneLine(cli.run("cluster", "--nodes", "1,x"), 2, "--nodes 1,2,3");
        assertOneLine(cli.run("history", "alice", "--limit", "0"), 2, "--limit");
        assertOneLine(cli.run("frobnicate"), 2, "frobnicate");
        assertOneLine(cli.run("balance", "alice", "--config", "/nonexistent/cli.properties"), 2, "does not exist");
    }

    // --- the broker is unreachable, or nobody answers

    @Test
    void anUnreachableBrokerExitsWith3AndNeverEchoesCredentials() throws Exception {
        String url = "tcp://127.0.0.1:" + closedPort();
        CliRunner.Run run = cli.run("balance", "alice", "--broker-url", url, "--timeout", "1s",
                "--user", "bob", "--password", "s3cret-pw");
        assertOneLine(run, 3, "cannot reach the broker", url);
        assertFalse((run.out() + run.err()).contains("s3cret-pw"), run.toString());

        CliRunner.Run json = cli.run("deposit", "alice", "5", "--currency", "BRL", "--json", "--broker-url",
                url + "?user=bob&password=s3cret-pw", "--timeout", "1s");
        assertEquals(3, json.code(), json.toString());
        assertFalse((json.out() + json.err()).contains("s3cret-pw"), json.toString());
    }

    @Test
    void aReplyThatNeverComesTellsHowToLookTheOutcomeUp() {
        String id = "5b1f2c3e-8d4a-4c1b-9e2f-0a1b2c3d4e5f";
        CliRunner.Run run = cli.run("deposit", "nobody-consumes", "5.00", "--currency", "BRL", "--timeout", "500ms",
                "--command-id", id);
        assertOneLine(run, 3, "timed out after 500ms", id, "bank status " + id + " --broker-url " + brokerUrl,
                "--command-id " + id);

        CliRunner.Run json = cli.run("withdraw", "nobody-consumes", "--minor", "5", "--timeout", "300ms", "--json",
                "--command-id", id);
        assertEquals(3, json.code(), json.toString());
        assertTrue(json.out().contains("\"status\":\"TIMEOUT\"") && json.out().contains(id), json.toString());

        CliRunner.Run read = cli.run("balance", "nobody-consumes", "--timeout", "300ms");
        assertOneLine(read, 3, "timed out", "a read changes nothing");
    }

    @Test
    void aLoginTheBrokerRefusesSaysWhichSettingsToFix() {
        CliRunner.Run run = cli.run("balance", "alice", "--user", "mallory", "--password", "guess-pw", "--timeout", "2s");
        assertOneLine(run, 3, "refused the login", "--user/--password");
        assertFalse(run.err().contains("guess-pw"), run.toString());
    }

    // --- cluster and verify against fake nodes

    @Test
    void verifyFindsADisagreementAndPrintsEachHash() {
        CliRunner.Run run = cli.run("verify", "--nodes", "71,72,73", "--timeout", "2s");
        assertEquals(5, run.code(), run.toString());
        assertTrue(run.out().contains("seq 5"), run.toString());
        assertTrue(run.out().contains(HASH_A) && run.out().contains(HASH_B), run.toString());
        assertTrue(run.err().contains("DISAGREEMENT"), run.toString());

        CliRunner.Run json = cli.run("verify", "--nodes", "71,72,73", "--timeout", "2s", "--json");
        assertEquals(5, json.code());
        assertTrue(json.out().contains("\"agree\":false") && json.out().contains("\"seq\":5"), json.toString());
    }

    @Test
    void verifyAgreesOverTheNodesThatAnswer() {
        CliRunner.Run run = cli.run("verify", "--nodes", "71,72,74", "--timeout", "1s");
        assertEquals(0, run.code(), run.toString());
        assertTrue(run.out().contains("UNREACHABLE") && run.out().contains("2 of 3 nodes agree up to seq 5"), run.toString());
    }

    @Test
    void clusterShowsLagAndUnreachableNodes() {
        CliRunner.Run run = cli.run("cluster", "--nodes", "71,72,74", "--timeout", "1s");
        assertEquals(3, run.code(), run.toString());
        String[] lines = run.out().split("\n");
        assertTrue(lines[0].contains("ROLE") && lines[0].contains("LAG"), run.out());
        assertTrue(lines[1].contains("LEADER") && lines[1].trim().endsWith("0"), run.out());
        assertTrue(lines[2].contains("FOLLOWER") && lines[2].trim().endsWith("2"), "lag 7-5: " + run.out());
        assertTrue(lines[3].contains("UNREACHABLE"), run.out());
        assertTrue(run.err().contains("1 of 3 nodes did not answer"), run.toString());

        CliRunner.Run json = cli.run("cluster", "--nodes", "71,72", "--json");
        assertEquals(0, json.code(), json.toString());
        assertTrue(json.out().contains("\"lag\":2") && json.out().contains("\"role\":\"LEADER\""), json.toString());
    }

    @Test
    void theConfigFileIsReadWhenNoFlagOrEnvSaysOtherwise(@TempDir Path home) throws Exception {
        CliRunner noEnv = new CliRunner(Map.of(), home);
        Files.createDirectories(noEnv.home().resolve(".config/bank"));
        Files.writeString(noEnv.home().resolve(".config/bank/cli.properties"),
                "broker.url=" + brokerUrl + "\nuser=" + BrokerUsers.DEV_CLIENT_USER + "\npassword="
                        + BrokerUsers.DEV_CLIENT_PASSWORD + "\ntimeout=300ms\n");
        CliRunner.Run run = noEnv.run("balance", "nobody-consumes");
        assertOneLine(run, 3, "timed out after 300ms");
        assertFalse(run.err().contains(BrokerUsers.DEV_CLIENT_PASSWORD));

        Files.writeString(noEnv.home().resolve(".config/bank/cli.properties"),
                "broker.url=" + brokerUrl + "\nuser=" + BrokerUsers.DEV_CLIENT_USER + "\npassword=wrong-file-secret\n");
        CliRunner.Run refused = noEnv.run("balance", "nobody-consumes");
        assertOneLine(refused, 3, "refused the login");
        assertFalse(refused.err().contains("wrong-file-secret"), refused.toString());
    }
}
