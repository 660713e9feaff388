package io.bankledger.paxos.message;

import io.bankledger.paxos.Ballot;
import io.bankledger.paxos.Value;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Compact binary form of every {@link PaxosMessage} (and of a lone {@link Value}, for stores):
 * a format version byte, a type tag, the
 * sender id, then the fields in declaration order (big-endian; lists as an int count then
 * elements; byte arrays as an int length then bytes). Decoding checks every count and length
 * against the bytes that remain and rejects anything malformed, truncated or trailing with an
 * {@link IllegalArgumentException}: its input comes from the network.
 */
public final class PaxosCodec {

    static final byte FORMAT_VERSION = 1;

    private static final byte PREPARE = 1;
    private static final byte PROMISE = 2;
    private static final byte NACK = 3;
    private static final byte ACCEPT = 4;
    private static final byte ACCEPTED = 5;
    private static final byte HEARTBEAT = 6;
    private static final byte FORWARD = 7;
    private static final byte CATCH_UP_REQUEST = 8;
    private static final byte CATCH_UP_REPLY = 9;

    /** Smallest encodings, used to bound counts before allocating. */
    private static final int BALLOT_BYTES = 12;
    private static final int VALUE_MIN_BYTES = 12;
    private static final int ACCEPTED_SLOT_MIN_BYTES = 8 + BALLOT_BYTES + VALUE_MIN_BYTES;

    private PaxosCodec() {
    }

    public static byte[] encode(PaxosMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeByte(tagOf(message));
            out.writeInt(message.from());
            if (message instanceof Prepare m) {
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
            } else if (message instanceof Promise m) {
                writeBallot(out, m.ballot());
                out.writeLong(m.fromSlot());
                out.writeInt(m.accepted().size());
                for (AcceptedSlot entry : m.accepted()) {
                    out.writeLong(entry.slot());
                    writeBallot(out, entry.ballot());
                    writeValue(out, entry.value());
                }
                out.writeLong(m.deliveredSlot());
            } else if (message instanceof Nack m) {
                writeBallot(out, m.rejected());
                writeBallot(out, m.promised());
            } else if (message instanceof Accept m) {
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
                writeValue(out, m.value());
                out.writeLong(m.commitIndex());
            } else if (message instanceof Accepted m) {
                writeBallot(out, m.ballot());
                out.writeLong(m.slot());
            } else if (message instanceof Heartbeat m) {
                writeBallot(out, m.ballot());
                out.writeLong(m.commitIndex());
            } else if (message instanceof Forward m) {
                writeBallot(out, m.leaderBallot());
                out.writeLong(m.forwardId());
                writeCommands(out, m.commands());
            } else if (message instanceof CatchUpRequest m) {
                out.writeLong(m.fromSlot());
                out.writeLong(m.toSlot());
            } else if (message instanceof CatchUpReply m) {
                out.writeLong(m.firstSlot());
                out.writeInt(m.values().size());
                for (Value value : m.values()) {
                    writeValue(out, value);
                }
                out.writeLong(m.commitIndex());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if {@code bytes} is not exactly one well-formed message
     */
    public static PaxosMessage decode(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("no bytes to decode");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown Paxos message format version " + version);
            }
            byte tag = in.get();
            int from = in.getInt();
            PaxosMessage message = switch (tag) {
                case PREPARE -> new Prepare(from, readBallot(in), in.getLong());
                case PROMISE -> readPromise(in, from);
                case NACK -> new Nack(from, readBallot(in), readBallot(in));
                case ACCEPT -> new Accept(from, readBallot(in), in.getLong(), readValue(in), in.getLong());
                case ACCEPTED -> new Accepted(from, readBallot(in), in.getLong());
                case HEARTBEAT -> new Heartbeat(from, readBallot(in), in.getLong());
                case FORWARD -> new Forward(from, readBallot(in), in.getLong(), readCommands(in));
                case CATCH_UP_REQUEST -> new CatchUpRequest(from, in.getLong(), in.getLong());
                case CATCH_UP_REPLY -> readCatchUpReply(in, from);
                default -> throw new IllegalArgumentException("unknown Paxos message type " + tag);
            };
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after " + message);
            }
            return message;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated Paxos message (" + bytes.length + " bytes)", e);
        }
    }

    /**
     * The binary form of one {@link Value} on its own (format version byte, then the value as
     * inside messages), for runtimes that keep accepted and chosen values in a store.
     */
    public static byte[] encodeValue(Value value) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            writeValue(out, value);
        } catch (IOException e) {
            throw new UncheckedIOException("in-memory stream cannot fail", e);
        }
        return bytes.toByteArray();
    }

    /**
     * @throws IllegalArgumentException if {@code bytes} is not exactly one well-formed value
     */
    public static Value decodeValue(byte[] bytes) {
        if (bytes == null) {
            throw new IllegalArgumentException("no bytes to decode");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            byte version = in.get();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown Paxos value format version " + version);
            }
            Value value = readValue(in);
            if (in.hasRemaining()) {
                throw new IllegalArgumentException(in.remaining() + " trailing bytes after " + value);
            }
            return value;
        } catch (BufferUnderflowException e) {
            throw new IllegalArgumentException("truncated Paxos value (" + bytes.length + " bytes)", e);
        }
    }

    // Java 17 has no pattern switch; the final throw keeps a new message type from slipping by.
    private static byte tagOf(PaxosMessage message) {
        if (message instanceof Prepare) {
            return PREPARE;
        } else if (message instanceof Promise) {
            return PROMISE;
        } else if (message instanceof Nack) {
            return NACK;
        } else if (message instanceof Accept) {
            return ACCEPT;
        } else if (message instanceof Accepted) {
            return ACCEPTED;
        } else if (message instanceof Heartbeat) {
            return HEARTBEAT;
        } else if (message instanceof Forward) {
            return FORWARD;
        } else if (message instanceof CatchUpRequest) {
            return CATCH_UP_REQUEST;
        } else if (message instanceof CatchUpReply) {
            return CATCH_UP_REPLY;
        }
        throw new IllegalStateException("no wire tag for " + message.getClass());
    }

    private static Promise readPromise(ByteBuffer in, int from) {
        Ballot ballot = readBallot(in);
        long fromSlot = in.getLong();
        int count = readCount(in, ACCEPTED_SLOT_MIN_BYTES);
        List<AcceptedSlot> accepted = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            accepted.add(new AcceptedSlot(in.getLong(), readBallot(in), readValue(in)));
        }
        return new Promise(from, ballot, fromSlot, accepted, in.getLong());
    }

    private static CatchUpReply readCatchUpReply(ByteBuffer in, int from) {
        long firstSlot = in.getLong();
        int count = readCount(in, VALUE_MIN_BYTES);
        List<Value> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(readValue(in));
        }
        return new CatchUpReply(from, firstSlot, values, in.getLong());
    }

    private static void writeBallot(DataOutputStream out, Ballot ballot) throws IOException {
        out.writeLong(ballot.round());
        out.writeInt(ballot.nodeId());
    }

    private static Ballot readBallot(ByteBuffer in) {
        return new Ballot(in.getLong(), in.getInt());
    }

    private static void writeValue(DataOutputStream out, Value value) throws IOException {
        out.writeLong(value.timestampMs());
        writeCommands(out, value.commands());
    }

    private static Value readValue(ByteBuffer in) {
        return new Value(in.getLong(), readCommands(in));
    }

    private static void writeCommands(DataOutputStream out, List<byte[]> commands) throws IOException {
        out.writeInt(commands.size());
        for (byte[] command : commands) {
            out.writeInt(command.length);
            out.write(command);
        }
    }

    private static List<byte[]> readCommands(ByteBuffer in) {
        int count = readCount(in, 4);
        List<byte[]> commands = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] command = new byte[readCount(in, 1)];
            in.get(command);
            commands.add(command);
        }
        return commands;
    }

    /** A count or length that cannot claim more elements than the remaining bytes could hold. */
    private static int readCount(ByteBuffer in, int minElementBytes) {
        int count = in.getInt();
        if (count < 0 || (long) count * minElementBytes > in.remaining()) {
            throw new IllegalArgumentException("count " + count + " exceeds the " + in.remaining()
                    + " remaining bytes");
        }
        return count;
    }
}
