package io.bankledger.protocol;

/** An account as a reply shows it: {@code {"accountId","currency","balanceMinor","status"}}. */
public record AccountView(String accountId, String currency, long balanceMinor, AccountStatus status) {
    public AccountView {
        Fields.accountId("accountId", accountId);
        Fields.currency("currency", currency);
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
    }

    void writeTo(CanonicalJson json) {
        json.beginObject()
                .field("accountId", accountId)
                .field("currency", currency)
                .field("balanceMinor", balanceMinor)
                .field("status", status.name())
                .endObject();
    }
}
