package io.bankledger.cli;

import io.bankledger.cli.client.CommandIdSource;
import java.util.regex.Pattern;

/** Command ids: a fresh time-ordered UUID per new intention, or the one a script gives to retry safely. */
final class CommandIds {
    private static final Pattern UUID_TEXT =
            Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private CommandIds() {
    }

    static String fresh() {
        return CommandIdSource.next();
    }

    /** {@code given} if it is a UUID string, else a fresh one if null; a malformed one is a usage error. */
    static String orFresh(String given, String optionName) {
        if (given == null) {
            return fresh();
        }
        return check(given, optionName);
    }

    static String check(String given, String what) {
        if (!UUID_TEXT.matcher(given).matches()) {
            throw new UsageException("'" + given + "' is not a command id (" + what
                    + "): give a UUID like 7d444840-9dc0-11d1-b245-5ffdce74fad2, as printed by an earlier command");
        }
        return given;
    }

    static void checkAccountId(String accountId) {
        if (accountId == null || !accountId.matches("[A-Za-z0-9_.-]{1,64}")) {
            throw new UsageException("'" + accountId
                    + "' is not an account id: use 1 to 64 letters, digits, '_', '.' or '-'");
        }
    }
}
