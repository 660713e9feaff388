package io.bankledger.protocol;

/** A field value that breaks the contract's rules; the codec turns it into {@link Reason#INVALID_FIELD}. */
public final class InvalidFieldException extends IllegalArgumentException {
    private final String field;

    public InvalidFieldException(String field, String detail) {
        super(field + ": " + detail);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
