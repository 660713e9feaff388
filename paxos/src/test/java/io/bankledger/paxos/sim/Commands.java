package io.bankledger.paxos.sim;

import java.nio.ByteBuffer;

/** Simulated client commands: a unique 8-byte id, then padding so that sizes vary. */
public final class Commands {

    private Commands() {
    }

    public static byte[] command(long id, int paddingBytes) {
        ByteBuffer buffer = ByteBuffer.allocate(Long.BYTES + paddingBytes);
        buffer.putLong(id);
        for (int i = 0; i < paddingBytes; i++) {
            buffer.put((byte) (id * 31 + i));
        }
        return buffer.array();
    }

    public static long idOf(byte[] command) {
        if (command.length < Long.BYTES) {
            throw new InvariantViolation("command of " + command.length + " bytes has no id");
        }
        return ByteBuffer.wrap(command).getLong();
    }
}
