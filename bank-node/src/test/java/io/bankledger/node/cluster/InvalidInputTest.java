package io.bankledger.node.cluster;

import io.bankledger.node.dev.BrokerUsers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.testing.TestCluster;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Destinations;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import jakarta.jms.Connection;
import jakarta.jms.Message;
import jakarta.jms.MessageConsumer;
import jakarta.jms.Session;
import jakarta.jms.TextMessage;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.activemq.artemis.jms.client.ActiveMQConnectionFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every mistake a client can make gets the right answer: INVALID before the log (and a
 * dead-letter copy with the reason), REJECTED by the ledger (an event in the log). None of them
 * stops a node.
 */
class InvalidInputTest extends SharedClusterTest {

    @BeforeAll
    static void setUpAccounts() throws Exception {
        assertEquals(Status.OK, call(Commands.open("inv-brl", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("inv-brl2", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("inv-eur", "EUR")).status());
        assertEquals(Status.OK, call(Commands.deposit("inv-brl", 1_000)).status());
    }

    private static Reply raw(String correlationId, String body) throws Exception {
        return client.send(correlationId, body).get(20, TimeUnit.SECONDS);
    }

    @Test
    void undecodableRequestsAreInvalidAndDeadLetteredWithTheirReason() throws Exception {
        String uuid = Commands.id();
        Map<String, Reason> cases = new HashMap<>();
        Map<String, String> bodies = new HashMap<>();
        bodies.put("malformed", "{not json");
        cases.put("malformed", Reason.MALFORMED);
        bodies.put("array", "[1,2]");
        cases.put("array", Reason.MALFORMED);
        bodies.put("unknown-type", "{\"type\":\"mint-money\",\"commandId\":\"" + Commands.id() + "\"}");
        cases.put("unknown-type", Reason.UNKNOWN_TYPE);
        bodies.put("missing-amount", "{\"type\":\"deposit\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"inv-brl\"}");
        cases.put("missing-amount", Reason.MISSING_FIELD);
        bodies.put("missing-id", "{\"type\":\"deposit\",\"accountId\":\"inv-brl\",\"amountMinor\":1}");
        cases.put("missing-id", Reason.MISSING_FIELD);
        bodies.put("bad-uuid", "{\"type\":\"deposit\",\"commandId\":\"nope\",\"accountId\":\"inv-brl\",\"amountMinor\":1}");
        cases.put("bad-uuid", Reason.INVALID_FIELD);
        bodies.put("fraction", "{\"type\":\"deposit\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"inv-brl\",\"amountMinor\":1.5}");
        cases.put("fraction", Reason.INVALID_FIELD);
        bodies.put("huge", "{\"type\":\"deposit\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"inv-brl\",\"amountMinor\":99999999999999999999}");
        cases.put("huge", Reason.INVALID_FIELD);
        bodies.put("bad-currency", "{\"type\":\"open-account\",\"commandId\":\"" + uuid + "\",\"accountId\":\"x\",\"owner\":\"o\",\"currency\":\"real\"}");
        cases.put("bad-currency", Reason.INVALID_FIELD);
        bodies.put("bad-account-id", "{\"type\":\"open-account\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"a b\",\"owner\":\"o\",\"currency\":\"BRL\"}");
        cases.put("bad-account-id", Reason.INVALID_FIELD);
        // PostgreSQL text cannot hold U+0000: accepted, it made every node's store refuse the slot.
        bodies.put("nul-owner", "{\"type\":\"open-account\",\"commandId\":\"" + Commands.id()
                + "\",\"accountId\":\"nul\",\"owner\":\"a\\u0000b\",\"currency\":\"BRL\"}");
        cases.put("nul-owner", Reason.INVALID_FIELD);
        bodies.put("too-large", "{\"type\":\"open-account\",\"commandId\":\"" + Commands.id() + "\",\"accountId\":\"big\",\"owner\":\""
                + "x".repeat(70_000) + "\",\"currency\":\"BRL\"}");
        cases.put("too-large", Reason.TOO_LARGE);

        for (Map.Entry<String, String> body : bodies.entrySet()) {
            Reply reply = raw("inv-" + body.getKey(), body.getValue());
            assertEquals(Status.INVALID, reply.status(), body.getKey() + ": " + reply);
            assertEquals(cases.get(body.getKey()), reply.reason(), body.getKey() + ": " + reply);
            assertNotNull(reply.detail(), body.getKey());
            assertNull(reply.slot(), "an invalid request never reaches the log");
        }

        Map<String, String> deadLettered = new HashMap<>();
        try (Connection connection = new ActiveMQConnectionFactory(cluster.brokerUrl()).createConnection(
                BrokerUsers.DEV_OPERATOR_USER, BrokerUsers.DEV_OPERATOR_PASSWORD)) {
            connection.start();
            Session session = connection.createSession(false, Session.AUTO_ACKNOWLEDGE);
            MessageConsumer dlq = session.createConsumer(session.createQueue(Destinations.DEAD_LETTER));
            Message message;
            while (deadLettered.size() < bodies.size() && (message = dlq.receive(10_000)) != null) {
                deadLettered.put(message.getJMSCorrelationID(),
                        message.getStringProperty(Destinations.INVALID_REASON_PROPERTY));
                if (message.getJMSCorrelationID().equals("inv-malformed")) {
                    assertEquals("{not json", ((TextMessage) message).getText(), "the original body is kept");
                }
            }
        }
        for (Map.Entry<String, Reason> expected : cases.entrySet()) {
            assertEquals(expected.getValue().name(), deadLettered.get("inv-" + expected.getKey()),
                    "dead letter of " + expected.getKey());
        }
        assertEquals(Status.OK, call(Commands.deposit("inv-brl2", 1)).status(), "the cluster still serves");
        for (BankNode node : cluster.runningNodes()) {
            assertEquals(true, node.isRunning());
        }
    }

    @Test
    void ledgerRejectionsCarryTheirReasonAndAreRecordedInTheLog() throws Exception {
        assertRejected(Commands.deposit("inv-brl", 0), Reason.INVALID_AMOUNT);
        assertRejected(Commands.deposit("inv-brl", -5), Reason.INVALID_AMOUNT);
        assertRejected(Commands.transfer("inv-brl", "inv-brl2", -1), Reason.INVALID_AMOUNT);
        assertRejected(Commands.deposit("inv-nobody", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(Commands.transfer("inv-brl", "inv-nobody", 5), Reason.UNKNOWN_ACCOUNT);
        assertRejected(Commands.transfer("inv-brl", "inv-eur", 5), Reason.CURRENCY_MISMATCH);
        assertRejected(Commands.transfer("inv-brl", "inv-brl", 5), Reason.SAME_ACCOUNT);
        assertRejected(Commands.withdraw("inv-brl", 1_000_000), Reason.INSUFFICIENT_FUNDS);
        assertRejected(Commands.open("inv-brl", "BRL"), Reason.ACCOUNT_EXISTS);
        assertRejected(new Command.CloseAccount(Commands.id(), "inv-brl"), Reason.NONZERO_BALANCE);
        assertRejected(Commands.deposit("inv-brl", Long.MAX_VALUE), Reason.AMOUNT_OVERFLOW);

        assertEquals(Status.OK, call(Commands.open("inv-closing", "BRL")).status());
        assertEquals(Status.OK, call(new Command.CloseAccount(Commands.id(), "inv-closing")).status());
        assertRejected(Commands.deposit("inv-closing", 5), Reason.ACCOUNT_CLOSED);
        assertRejected(Commands.transfer("inv-brl", "inv-closing", 5), Reason.ACCOUNT_CLOSED);

        Reply balance = call(new Command.GetBalance(Commands.id(), "inv-brl"));
        assertEquals(1_000, balance.account().balanceMinor(), "no rejection moved money");
    }

    @Test
    void aRequestWithoutReplyToIsStillExecutedAndItsOutcomeCanBeLookedUp() throws Exception {
        Command deposit = Commands.deposit("inv-brl2", 7);
        client.sendWithoutReplyTo(deposit.commandId(), Commands.json(deposit));
        TestCluster.await(Duration.ofSeconds(20), "the deposit to be applied", () -> {
            try {
                return call(new Command.GetStatus(Commands.id(), deposit.commandId())).status() == Status.OK;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Reply status = call(new Command.GetStatus(Commands.id(), deposit.commandId()));
        assertEquals(Status.OK, status.outcome().status());
        assertEquals(Status.UNKNOWN, call(new Command.GetStatus(Commands.id(), Commands.id())).status());
    }

    private static void assertRejected(Command command, Reason reason) throws Exception {
        Reply reply = call(command);
        assertEquals(Status.REJECTED, reply.status(), command + " -> " + reply);
        assertEquals(reason, reply.reason(), command + " -> " + reply);
        if (command.isMutation()) {
            assertNotNull(reply.seq(), "a rejection is an event in the log: " + reply);
        }
    }
}
