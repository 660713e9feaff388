package io.bankledger.cli;

import io.bankledger.cli.amount.Amounts;
import io.bankledger.cli.output.Output;
import io.bankledger.cli.output.TextTable;
import io.bankledger.protocol.AccountView;
import io.bankledger.protocol.Reply;
import java.util.Arrays;
import java.util.Objects;

/** Human renderings shared by the ledger commands: money with its currency's decimals, accounts as a table. */
final class Render {
    private Render() {
    }

    static String money(long minor, String currency) {
        return Amounts.format(minor, currency) + " " + currency;
    }

    /** {@code 12.34 BRL} when the currency is known, else {@code 1234 minor units}. */
    static String money(long minor, String currency, boolean known) {
        return known ? money(minor, currency) : minor + " minor units";
    }

    static void accounts(Output output, AccountView... accounts) {
        TextTable table = TextTable.of("ACCOUNT", "CURRENCY", "BALANCE>", "STATUS");
        Arrays.stream(accounts).filter(Objects::nonNull).forEach(a ->
                table.row(a.accountId(), a.currency(), Amounts.format(a.balanceMinor(), a.currency()), a.status()));
        table.print(output.out());
    }

    /** The last line of a mutation's output: where the outcome sits in the log, and its id. */
    static void decided(Output output, Reply reply) {
        output.line("slot " + reply.slot() + (reply.seq() == null ? "" : "  seq " + reply.seq())
                + "  command " + reply.commandId());
    }
}
