package io.bankledger.paxos.message;

/** Argument checks shared by the message records (they also guard what the codec decodes). */
final class Checks {

    private Checks() {
    }

    static void slot(String name, long slot) {
        if (slot < 1) {
            throw new IllegalArgumentException(name + " must be >= 1: " + slot);
        }
    }

    static void index(String name, long index) {
        if (index < 0) {
            throw new IllegalArgumentException(name + " must be >= 0: " + index);
        }
    }

    static <T> T present(String name, T value) {
        if (value == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return value;
    }
}
