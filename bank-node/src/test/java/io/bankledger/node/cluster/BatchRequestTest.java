package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.bankledger.node.dev.BrokerUsers;
import io.bankledger.protocol.BatchReply;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.CommandCodec;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.ReplyCodec;
import io.bankledger.protocol.Status;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.Test;

/**
 * Client batches against three real nodes: each command in a batch is decided and answered as if
 * sent alone, in one reply; a retried batch changes nothing; a batch that cannot be read is
 * refused whole, and a bad command in a good batch is refused alone, with a dead-letter copy.
 */
class BatchRequestTest extends SharedClusterTest {

    private static final CommandCodec CODEC = new CommandCodec();
    private static BatchReply sendBatch(String batchId, List<Command> commands) throws Exception {
        String body = client.sendForBody(batchId, CODEC.encodeBatch(batchId, commands)).get(60, TimeUnit.SECONDS);
        return ReplyCodec.decodeBatch(body);
    }

    @Test
    void eachCommandOfABatchIsDecidedAsIfSentAloneAndARetryChangesNothing() throws Exception {
        Command deposit = Commands.deposit("bat-a", 100);
        List<Command> commands = List.of(
                Commands.open("bat-a", "BRL"),
                Commands.open("bat-b", "BRL"),
                deposit,
                Commands.transfer("bat-a", "bat-b", 30),
                Commands.transfer("bat-a", "bat-b", 1_000),
                new Command.GetBalance(Commands.id(), "bat-b"),
                deposit);
        String batchId = Commands.id();
        BatchReply reply = sendBatch(batchId, commands);

        assertEquals(batchId, reply.commandId());
        assertEquals(commands.size(), reply.results().size());
        for (int i = 0; i < commands.size(); i++) {
            assertEquals(commands.get(i).commandId(), reply.results().get(i).commandId(), "result " + i + " in order");
        }
        List<Status> statuses = reply.results().stream().map(Reply::status).toList();
        assertEquals(List.of(Status.OK, Status.OK, Status.OK, Status.OK, Status.REJECTED, Status.OK, Status.OK), statuses);
        assertEquals(Reason.INSUFFICIENT_FUNDS, reply.results().get(4).reason());
        assertEquals(30, reply.results().get(5).account().balanceMinor(), "a read sees the writes before it in the batch");
        assertEquals(ReplyCodec.encode(reply.results().get(2)), ReplyCodec.encode(reply.results().get(6)),
                "the same commandId twice in a batch: one effect, the same answer");

        BatchReply retry = sendBatch(Commands.id(), commands.subList(0, 5));
        for (int i = 0; i < 5; i++) {
            assertEquals(ReplyCodec.encode(reply.results().get(i)), ReplyCodec.encode(retry.results().get(i)),
                    "a retried command gets its first outcome");
        }
        Reply a = client.call(new Command.GetBalance(Commands.id(), "bat-a"), Duration.ofSeconds(30));
        assertEquals(70, a.account().balanceMinor(), "the retry applied nothing twice");
        cluster.awaitConvergence(Duration.ofSeconds(20));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, count(nodeId, "SELECT count(*) FROM events WHERE command_id = '" + deposit.commandId() + "'"));
        }
    }

    @Test
    void aFullBatchIsAppliedOnEveryNode() throws Exception {
        assertEquals(Status.OK, client.call(Commands.open("bat-full", "BRL"), Duration.ofSeconds(30)).status());
        List<Command> deposits = new ArrayList<>();
        for (int i = 0; i < CommandCodec.BATCH_COMMANDS_MAX; i++) {
            deposits.add(Commands.deposit("bat-full", i + 1));
        }
        BatchReply reply = sendBatch(Commands.id(), deposits);
        assertEquals(CommandCodec.BATCH_COMMANDS_MAX, reply.results().stream().filter(r -> r.status() == Status.OK).count());
        long expected = (long) CommandCodec.BATCH_COMMANDS_MAX * (CommandCodec.BATCH_COMMANDS_MAX + 1) / 2;
        assertEquals(expected, client.call(new Command.GetBalance(Commands.id(), "bat-full"), Duration.ofSeconds(30))
                .account().balanceMinor());
        cluster.awaitConvergence(Duration.ofSeconds(30));
        for (int nodeId : cluster.memberIds()) {
            assertEquals(CommandCodec.BATCH_COMMANDS_MAX + 1,
                    count(nodeId, "SELECT count(*) FROM events WHERE payload_canonical::jsonb->>'accountId' = 'bat-full'"), "node " + nodeId);
        }
    }

    @Test
    void aBatchWithinTheSlotBoundsIsProposedInOneSlot() throws Exception {
        assertEquals(Status.OK, client.call(Commands.open("bat-one", "BRL"), Duration.ofSeconds(30)).status());
        List<Command> deposits = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            deposits.add(Commands.deposit("bat-one", 1));
        }
        BatchReply reply = sendBatch(Commands.id(), deposits);
        assertEquals(300, reply.results().stream().filter(r -> r.status() == Status.OK).count());
        cluster.awaitConvergence(Duration.ofSeconds(30));
        // 300 commands and about 50 KB, within a slot's bounds (512 commands, 1 MiB): the node that
        // took the message proposes (or forwards) them in one turn, so they share one slot.
        for (int nodeId : cluster.memberIds()) {
            assertEquals(1, count(nodeId, "SELECT count(DISTINCT slot) FROM events WHERE type = 'Deposited'"
                    + " AND payload_canonical::jsonb->>'accountId' = 'bat-one'"), "node " + nodeId);
        }
    }

    @Test
    void aBadCommandIsRefusedAloneAndDeadLettered() throws Exception {
        Command good = Commands.open("bat-c", "EUR");
        String missingAmount = "{\"type\":\"deposit\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"bat-c\"}";
        String batchId = Commands.id();
        String body = "{\"type\":\"batch\",\"commandId\":\"" + batchId + "\",\"commands\":["
                + CODEC.encode(good) + "," + missingAmount + "]}";
        BatchReply reply = ReplyCodec.decodeBatch(client.sendForBody(batchId, body).get(60, TimeUnit.SECONDS));
        assertEquals(Status.OK, reply.results().get(0).status());
        assertEquals(Status.INVALID, reply.results().get(1).status());
        assertEquals(Reason.MISSING_FIELD, reply.results().get(1).reason());
        assertEquals(Reason.MISSING_FIELD.name(), deadLetterReasonOf(batchId));
    }

    @Test
    void aBatchThatCannotBeReadIsRefusedWhole() throws Exception {
        String empty = Commands.id();
        Reply refused = ReplyCodec.decode(client.sendForBody(empty,
                "{\"type\":\"batch\",\"commandId\":\"" + empty + "\",\"commands\":[]}").get(30, TimeUnit.SECONDS));
        assertEquals(Status.INVALID, refused.status());
        assertEquals(Reason.INVALID_FIELD, refused.reason());
        assertEquals(empty, refused.commandId());

        List<Command> tooMany = new ArrayList<>();
        for (int i = 0; i <= CommandCodec.BATCH_COMMANDS_MAX; i++) {
            tooMany.add(Commands.deposit("bat-none", 1));
        }
        String oversized = Commands.id();
        Reply tooLarge = ReplyCodec.decode(client.sendForBody(oversized, CODEC.encodeBatch(oversized, tooMany))
                .get(30, TimeUnit.SECONDS));
        assertEquals(Reason.TOO_LARGE, tooLarge.reason());
        assertEquals(Reason.TOO_LARGE.name(), deadLetterReasonOf(oversized));
        Reply unknown = client.call(new Command.GetStatus(Commands.id(), tooMany.get(0).commandId()), Duration.ofSeconds(30));
        assertEquals(Status.UNKNOWN, unknown.status(), "nothing of a refused batch reached the log");
    }

    private static String deadLetterReasonOf(String correlationId) throws Exception {
        try (Connection connection = new ActiveMQConnectionFactory(cluster.brokerUrl()).createConnection(
                BrokerUsers.DEV_OPERATOR_USER, BrokerUsers.DEV_OPERATOR_PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer dlq = session.createConsumer(session.createQueue(Destinations.DEAD_LETTER),
                    "JMSCorrelationID = '" + correlationId + "'");
            Message message = dlq.receive(10_000);
            assertNotNull(message, "a dead-letter copy of " + correlationId);
            return message.getStringProperty(Destinations.INVALID_REASON_PROPERTY);
        }
    }

    private static long count(int nodeId, String sql) throws Exception {
        try (var connection = cluster.database(nodeId).admin().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
