package io.bankledger.cli;

import io.bankledger.protocol.Reason;

/** What the user can do about each refusal: the second half of every one-line error. */
final class Hints {
    private Hints() {
    }

    static String forReason(Reason reason, String accountId) {
        String account = accountId == null ? "ACCOUNT" : accountId;
        return switch (reason) {
            case UNKNOWN_ACCOUNT -> "check the account id, or open it with: bank open-account ID --owner NAME --currency CODE";
            case INSUFFICIENT_FUNDS -> "the balance is too low; see it with: bank balance " + account;
            case ACCOUNT_EXISTS -> "that id is taken (ids are never reused): choose another id";
            case ACCOUNT_CLOSED -> "the account is closed: use another account";
            case CURRENCY_MISMATCH -> "both accounts of a transfer must hold the same currency";
            case NONZERO_BALANCE -> "move the money out first (withdraw or transfer), then close it";
            case SAME_ACCOUNT -> "give two different accounts";
            case INVALID_AMOUNT -> "give an amount greater than zero";
            case AMOUNT_OVERFLOW -> "the balance would exceed its maximum: use a smaller amount";
            case MALFORMED, UNKNOWN_TYPE, MISSING_FIELD, INVALID_FIELD, TOO_LARGE ->
                    "refused before reaching the ledger: fix the input and send again (the same --command-id is fine)";
        };
    }
}
