package io.bankledger.paxos.sim;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The checker is only worth its passes if it can fail: each invariant is shown catching a
 * violation injected directly (a corrupted log, a broken acceptor's writes, a duplicated or
 * invented command).
 */
class InvariantCheckerTest {

    private static final int QUORUM_OF_THREE = 2;

    private final InvariantChecker checker = new InvariantChecker(QUORUM_OF_THREE);
    private final byte[] commandA = Commands.command(1, 3);
    private final byte[] commandB = Commands.command(2, 0);
    private final Value valueA = new Value(10, List.of(commandA));
    private final Value valueB = new Value(10, List.of(commandB));

    InvariantCheckerTest() {
        checker.proposed(commandA);
        checker.proposed(commandB);
    }

    @Test
    void agreementCatchesTwoNodesDecidingDifferentValues() {
        checker.delivered(1, 1, valueA);

        InvariantViolation violation = assertThrows(InvariantViolation.class, () -> checker.delivered(2, 1, valueB));
        assertTrue(violation.getMessage().startsWith("agreement"), violation.getMessage());
    }

    @Test
    void agreementCatchesTwoQuorumsChoosingDifferentValues() {
        // A broken acceptor (node 2) accepts a lower ballot after it promised a higher one:
        // it is in both quorums.
        Ballot low = new Ballot(1, 1);
        Ballot high = new Ballot(2, 3);
        checker.acceptWritten(3, 1, high, valueB);
        checker.acceptWritten(2, 1, high, valueB);
        checker.acceptWritten(1, 1, low, valueA);

        InvariantViolation violation = assertThrows(InvariantViolation.class,
                () -> checker.acceptWritten(2, 1, low, valueA));
        assertTrue(violation.getMessage().startsWith("agreement"), violation.getMessage());
    }

    @Test
    void agreementCatchesAQuorumContradictingADecision() {
        checker.delivered(1, 1, valueA);
        checker.acceptWritten(2, 1, new Ballot(5, 2), valueB);

        assertThrows(InvariantViolation.class, () -> checker.acceptWritten(3, 1, new Ballot(5, 2), valueB));
    }

    @Test
    void catchesTwoValuesForOneSlotInOneBallot() {
        checker.acceptWritten(1, 4, new Ballot(3, 1), valueA);

        assertThrows(InvariantViolation.class, () -> checker.acceptWritten(2, 4, new Ballot(3, 1), valueB));
    }

    @Test
    void validityCatchesACommandNobodyProposed() {
        Value invented = new Value(10, List.of(Commands.command(99, 1)));

        InvariantViolation violation = assertThrows(InvariantViolation.class, () -> checker.delivered(1, 1, invented));
        assertTrue(violation.getMessage().startsWith("validity"), violation.getMessage());
    }

    @Test
    void validityCatchesACorruptedCommand() {
        byte[] corrupted = commandA.clone();
        corrupted[corrupted.length - 1] ^= 1;

        assertThrows(InvariantViolation.class,
                () -> checker.delivered(1, 1, new Value(10, List.of(corrupted))));
    }

    @Test
    void validityAcceptsNoOps() {
        checker.delivered(1, 1, Value.noOp(3));
    }

    @Test
    void prefixCatchesACorruptedDeliveredLog() {
        checker.delivered(1, 1, valueA);
        checker.delivered(1, 2, valueB);

        InvariantViolation violation = assertThrows(InvariantViolation.class,
                () -> checker.checkPrefix(2, List.of(valueB)));
        assertTrue(violation.getMessage().contains("not a prefix"), violation.getMessage());
        assertThrows(InvariantViolation.class, () -> checker.checkPrefix(3, List.of(valueA, valueB, valueA)));
    }

    @Test
    void catchesOutOfOrderDelivery() {
        checker.delivered(1, 1, valueA);

        assertThrows(InvariantViolation.class, () -> checker.delivered(1, 3, valueB));
        assertThrows(InvariantViolation.class, () -> checker.delivered(2, 2, valueB));
    }

    @Test
    void catchesACommandDeliveredMoreOftenThanProposed() {
        checker.delivered(1, 1, valueA);
        Value again = new Value(11, List.of(commandA));

        InvariantViolation violation = assertThrows(InvariantViolation.class, () -> checker.delivered(1, 2, again));
        assertTrue(violation.getMessage().contains("2 times but it was proposed 1 times"), violation.getMessage());
    }

    @Test
    void allowsADuplicateThatWasProposedTwice() {
        checker.proposed(commandA);
        checker.delivered(1, 1, valueA);
        checker.delivered(1, 2, new Value(11, List.of(commandA)));
    }
}
