package io.bankledger.paxos.message;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class PaxosCodecTest {

    private static final Ballot BALLOT = new Ballot(7, 2);
    private static final Value BATCH = new Value(1_700_000_000_123L,
            List.of("deposit".getBytes(StandardCharsets.UTF_8), new byte[0], new byte[] {(byte) 0xFF, 0, 1}));

    /** One instance of every message type (the test below fails if a type is missing). */
    static Stream<PaxosMessage> everyMessageType() {
        return Stream.of(
                new Prepare(1, BALLOT, 5),
                new Promise(2, BALLOT, 5, List.of(new AcceptedSlot(5, new Ballot(3, 1), BATCH),
                        new AcceptedSlot(9, new Ballot(6, 3), Value.noOp(42))), 4),
                new Promise(2, BALLOT, 1, List.of(), 0),
                new Nack(3, new Ballot(1, 1), BALLOT),
                new Accept(2, BALLOT, 11, BATCH, 10),
                new Accepted(3, BALLOT, 11),
                new Heartbeat(2, BALLOT, 10),
                new Forward(1, BALLOT, -123456789L, BATCH.commands()),
                new CatchUpRequest(3, 1, 64),
                new CatchUpReply(1, 1, List.of(BATCH, Value.noOp(5)), 99),
                new CatchUpReply(1, 7, List.of(), 6));
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void roundTripsEveryMessageType(PaxosMessage message) {
        byte[] bytes = PaxosCodec.encode(message);
        PaxosMessage decoded = PaxosCodec.decode(bytes);

        assertEquals(message.getClass(), decoded.getClass());
        assertArrayEquals(bytes, PaxosCodec.encode(decoded));
        if (message instanceof Forward forward) {
            Forward back = (Forward) decoded;
            assertEquals(forward.forwardId(), back.forwardId());
            assertEquals(forward.leaderBallot(), back.leaderBallot());
            assertEquals(new Value(0, forward.commands()), new Value(0, back.commands()));
        } else {
            // Records with Value (content equality) compare by content.
            assertEquals(message, decoded);
        }
    }

    @Test
    void coversEverySealedSubtype() {
        long covered = everyMessageType().map(Object::getClass).distinct().count();
        assertEquals(PaxosMessage.class.getPermittedSubclasses().length, covered);
    }

    @ParameterizedTest
    @MethodSource("everyMessageType")
    void rejectsEveryTruncationAndTrailingBytes(PaxosMessage message) {
        byte[] bytes = PaxosCodec.encode(message);
        for (int length = 0; length < bytes.length; length++) {
            byte[] truncated = java.util.Arrays.copyOf(bytes, length);
            assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(truncated), "length " + length);
        }
        byte[] trailing = java.util.Arrays.copyOf(bytes, bytes.length + 1);
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(trailing));
    }

    @Test
    void roundTripsALoneValueAndRejectsMalformedOnes() {
        for (Value value : List.of(BATCH, Value.noOp(0), Value.noOp(-5))) {
            byte[] bytes = PaxosCodec.encodeValue(value);
            assertEquals(value, PaxosCodec.decodeValue(bytes));
            for (int length = 0; length < bytes.length; length++) {
                byte[] truncated = java.util.Arrays.copyOf(bytes, length);
                assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decodeValue(truncated));
            }
            assertThrows(IllegalArgumentException.class,
                    () -> PaxosCodec.decodeValue(java.util.Arrays.copyOf(bytes, bytes.length + 1)));
        }
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decodeValue(null));
    }

    @Test
    void rejectsUnknownVersionTypeAndNull() {
        byte[] bytes = PaxosCodec.encode(new Heartbeat(1, BALLOT, 3));
        byte[] badVersion = bytes.clone();
        badVersion[0] = 99;
        byte[] badType = bytes.clone();
        badType[1] = 99;

        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(badVersion));
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(badType));
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(null));
    }

    @Test
    void rejectsCountsThatClaimMoreThanTheBytesHold() {
        ByteBuffer huge = ByteBuffer.allocate(2 + 4 + 12 + 8 + 4);
        huge.put((byte) 1).put((byte) 7).putInt(1).putLong(1).putInt(1).putLong(5).putInt(Integer.MAX_VALUE);
        ByteBuffer negative = ByteBuffer.allocate(2 + 4 + 12 + 8 + 4);
        negative.put((byte) 1).put((byte) 7).putInt(1).putLong(1).putInt(1).putLong(5).putInt(-1);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> PaxosCodec.decode(huge.array()));
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(negative.array()));
        assertEquals(true, error.getMessage().contains("exceeds"), error.getMessage());
    }

    @Test
    void rejectsFieldValuesNoNodeSends() {
        byte[] prepare = PaxosCodec.encode(new Prepare(1, BALLOT, 5));
        ByteBuffer.wrap(prepare).putLong(2 + 4 + 12, 0); // fromSlot 0: slots start at 1
        byte[] negativeRound = PaxosCodec.encode(new Heartbeat(1, BALLOT, 3));
        ByteBuffer.wrap(negativeRound).putLong(2 + 4, -1);

        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(prepare));
        assertThrows(IllegalArgumentException.class, () -> PaxosCodec.decode(negativeRound));
    }

    @Test
    void randomBytesNeverEscapeAsAnythingButIllegalArgument() {
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (bytes.length > 1) {
                bytes[0] = 1;
                bytes[1] = (byte) (1 + random.nextInt(9));
            }
            try {
                PaxosCodec.decode(bytes);
            } catch (IllegalArgumentException expected) {
                // the only acceptable failure
            }
        }
    }
}
