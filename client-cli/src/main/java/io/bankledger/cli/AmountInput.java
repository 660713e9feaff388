package io.bankledger.cli;

import io.bankledger.cli.amount.Amounts;
import io.bankledger.cli.client.BrokerUnreachableException;
import io.bankledger.cli.client.ReplyTimeoutException;
import io.bankledger.protocol.Command;
import io.bankledger.protocol.Consistency;
import io.bankledger.protocol.Reply;
import io.bankledger.protocol.Status;
import picocli.CommandLine.Option;

/**
 * The amount of a command that moves money, as typed ({@code 12.34}) or in minor units
 * ({@code --minor 1234}). Turning {@code 12.34} into minor units needs the currency's decimals:
 * from {@code --currency}, else from the account itself, read first (a stale read: an account's
 * currency never changes; if that node does not know the account yet, a linearizable read decides).
 */
final class AmountInput {

    @Option(names = "--minor", paramLabel = "MINOR_UNITS",
            description = "The amount in minor units (cents), instead of AMOUNT: --minor 1234 is 12.34 BRL or 1234 JPY.")
    Long minor;

    @Option(names = "--currency", paramLabel = "CODE",
            description = "The account's currency (ISO 4217), to read AMOUNT without looking the account up first.")
    String currency;

    /** Checks what can be checked without the ledger; {@code amountText} is the AMOUNT parameter or null. */
    void validate(String amountText) {
        if (minor != null && amountText != null) {
            throw new UsageException("give the amount once: either AMOUNT (" + amountText + ") or --minor, not both");
        }
        if (minor == null && amountText == null) {
            throw new UsageException("missing amount: give it as AMOUNT (e.g. 12.34) or as --minor 1234");
        }
        if (minor != null && minor <= 0) {
            throw new UsageException("--minor " + minor + " is not positive: give an amount greater than zero");
        }
        if (currency != null) {
            currency = Amounts.currencyCode(currency);
        }
        if (amountText != null) {
            // The syntax (comma, sign, letters) is checked now; the number of decimals once the currency is known.
            if (currency == null) {
                Amounts.checkSyntax(amountText);
            } else {
                Amounts.parse(amountText, currency);
            }
        }
    }

    /** A currency known without asking the ledger, or null. */
    String knownCurrency() {
        return currency;
    }

    /**
     * The amount in minor units; looks {@code accountId} up when the currency is needed and not
     * given. Returns null after printing the refusal if the lookup was refused (unknown account).
     */
    Resolved resolve(String amountText, String accountId, LedgerCommand.Exchange exchange)
            throws ReplyTimeoutException, BrokerUnreachableException {
        if (minor != null) {
            return new Resolved(minor, currency, null);
        }
        if (currency != null) {
            return new Resolved(Amounts.parse(amountText, currency), currency, null);
        }
        Reply lookup = exchange.call(new Command.GetBalance(CommandIds.fresh(), accountId, Consistency.STALE));
        if (lookup.status() == Status.REJECTED) {
            // A stale read may come from a node that has not applied the account's opening yet;
            // only a linearizable read can say it does not exist.
            lookup = exchange.call(new Command.GetBalance(CommandIds.fresh(), accountId, Consistency.LINEARIZABLE));
        }
        if (lookup.status() != Status.OK) {
            return new Resolved(0, null, lookup);
        }
        String accountCurrency = lookup.account().currency();
        return new Resolved(Amounts.parse(amountText, accountCurrency), accountCurrency, null);
    }

    /**
     * After the fact: warns if {@code --currency} named another currency than the account holds,
     * in which case the amount was scaled with the wrong number of decimals.
     */
    void warnIfCurrencyDiffers(String accountCurrency, io.bankledger.cli.output.Output output) {
        if (currency != null && accountCurrency != null && !currency.equals(accountCurrency)) {
            output.problem("warning: --currency " + currency + " but the account holds " + accountCurrency
                    + ": the amount was read with " + Amounts.fractionDigits(currency) + " decimals; check the balance,"
                    + " and leave --currency out to have the account looked up");
        }
    }

    /** The amount, its currency if known, or the refused lookup (then amountMinor is meaningless). */
    record Resolved(long amountMinor, String currency, Reply refusedLookup) {
    }
}
