package io.bankledger.node.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.node.runtime.BankNode;
import io.bankledger.node.store.ProjectionCheck;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.Reason;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A 3-node cluster on a real broker and real PostgreSQL databases: the everyday commands. */
class ClusterBasicsTest extends SharedClusterTest {

    @Test
    void openDepositTransferAndReadBalances() throws Exception {
        assertEquals(Status.OK, call(Commands.open("basics-alice", "BRL")).status());
        assertEquals(Status.OK, call(Commands.open("basics-bob", "BRL")).status());
        Reply deposit = call(Commands.deposit("basics-alice", 10_000));
        assertEquals(Status.OK, deposit.status());
        assertNotNull(deposit.slot());
        assertNotNull(deposit.seq());
        assertEquals(10_000, deposit.account().balanceMinor());

        Reply transfer = call(Commands.transfer("basics-alice", "basics-bob", 2_500));
        assertEquals(Status.OK, transfer.status(), transfer.toString());

        Reply alice = call(new Command.GetBalance(Commands.id(), "basics-alice", Consistency.LINEARIZABLE));
        assertEquals(7_500, alice.account().balanceMinor());
        assertTrue(alice.slot() >= transfer.slot(), "a linearizable read reflects every earlier write");

        Reply history = call(new Command.GetHistory(Commands.id(), "basics-bob", 0, 100));
        assertEquals(Status.OK, history.status());
        assertEquals(2, history.entries().size(), history.entries().toString());
        assertEquals(2_500, history.entries().get(1).amountMinor());
        assertEquals(2_500, history.entries().get(1).balanceMinor());
        assertEquals("basics-alice", history.entries().get(1).counterpartyAccountId());

        Reply status = call(new Command.GetStatus(Commands.id(), transfer.commandId()));
        assertEquals(Status.OK, status.status());
        assertEquals(transfer, status.outcome());
    }

    @Test
    void staleReadSaysWhichSlotItReflects() throws Exception {
        call(Commands.open("basics-carol", "EUR"));
        Reply deposit = call(Commands.deposit("basics-carol", 42));
        cluster.awaitConvergence(Duration.ofSeconds(10));

        Reply stale = call(new Command.GetBalance(Commands.id(), "basics-carol", Consistency.STALE));
        assertEquals(Status.OK, stale.status());
        assertEquals(42, stale.account().balanceMinor());
        assertTrue(stale.slot() >= deposit.slot(), stale + " vs " + deposit);
    }

    @Test
    void everyNodeHasTheSameLogAndItsProjectionsMatchARebuild() throws Exception {
        call(Commands.open("basics-dave", "USD"));
        call(Commands.deposit("basics-dave", 500));
        call(Commands.withdraw("basics-dave", 600));
        cluster.awaitConvergence(Duration.ofSeconds(10));

        for (BankNode node : cluster.runningNodes()) {
            ProjectionCheck check = node.store().rebuildProjections();
            assertTrue(check.matches(), "node " + node.nodeId() + ": " + check);
            assertTrue(check.eventsReplayed() > 0);
        }
        Reply rejected = call(Commands.withdraw("basics-dave", 10_000));
        assertEquals(Status.REJECTED, rejected.status());
        assertEquals(Reason.INSUFFICIENT_FUNDS, rejected.reason());
    }
}
