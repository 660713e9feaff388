package io.bankledger.node.ledger;

import io.bankledger.protocol.AccountStatus;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Fields;

/**
 * An account as the ledger holds it. {@code version} starts at 1 when opened and grows by one with
 * every event that changes the account; the projection stores it alongside the balance.
 */
public record Account(String accountId, String owner, String currency, long balanceMinor,
                      AccountStatus status, long version) {

    public Account {
        Fields.accountId("accountId", accountId);
        Fields.owner("owner", owner);
        Fields.currency("currency", currency);
        if (status == null) {
            throw new IllegalArgumentException("status is required");
        }
        if (balanceMinor < 0) {
            throw new IllegalStateException("balance below zero for " + accountId + ": " + balanceMinor);
        }
        if (version < 1) {
            throw new IllegalArgumentException("version starts at 1: " + version);
        }
        if (status == AccountStatus.CLOSED && balanceMinor != 0) {
            throw new IllegalStateException("closed account " + accountId + " holds " + balanceMinor);
        }
    }

    static Account opened(String accountId, String owner, String currency) {
        return new Account(accountId, owner, currency, 0, AccountStatus.OPEN, 1);
    }

    Account withBalance(long newBalanceMinor) {
        return new Account(accountId, owner, currency, newBalanceMinor, status, version + 1);
    }

    Account closed() {
        return new Account(accountId, owner, currency, balanceMinor, AccountStatus.CLOSED, version + 1);
    }

    public boolean isOpen() {
        return status == AccountStatus.OPEN;
    }

    public AccountView view() {
        return new AccountView(accountId, currency, balanceMinor, status);
    }
}
