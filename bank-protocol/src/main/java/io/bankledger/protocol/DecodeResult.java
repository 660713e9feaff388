package io.bankledger.protocol;

/** What {@link CommandCodec#decode} makes of a message body: a command, or the reason it is refused. */
public sealed interface DecodeResult {

    record Decoded(Command command) implements DecodeResult {
        public Decoded {
            if (command == null) {
                throw new IllegalArgumentException("command is required");
            }
        }
    }

    /**
     * A refusal before the log. {@code commandId} is the body's commandId when it could be read
     * and was valid, otherwise null; {@code field} names the offending field when there is one.
     */
    record Invalid(String commandId, Reason reason, String field, String detail) implements DecodeResult {
        public Invalid {
            if (reason == null || reason.decidedByLedger()) {
                throw new IllegalArgumentException("not a decode reason: " + reason);
            }
        }

        /** The INVALID reply to send to the reply-to destination, if the message has one. */
        public Reply toReply() {
            return Reply.invalid(commandId, reason, detail);
        }
    }
}
