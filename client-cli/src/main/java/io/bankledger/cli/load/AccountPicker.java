package io.bankledger.cli.load;

import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Chooses which of K accounts a command touches: uniformly, Zipf-like ({@code zipf[:S]}: the
 * i-th account with weight 1/i^S), or a hot set ({@code hot:X:Y}: X% of picks on the first Y
 * accounts, the rest uniform over the others). Hot accounts are what make conflicts and queues.
 */
public interface AccountPicker {

    /** An index in [0, accountCount). */
    int pick(SplittableRandom random);

    static AccountPicker parse(String skew, int accountCount) {
        if (accountCount < 1) {
            throw new IllegalArgumentException("accountCount must be >= 1");
        }
        String s = skew == null ? "uniform" : skew.trim().toLowerCase(Locale.ROOT);
        String[] parts = s.split(":");
        try {
            switch (parts[0]) {
                case "uniform":
                    if (parts.length == 1) {
                        return random -> random.nextInt(accountCount);
                    }
                    break;
                case "zipf":
                    if (parts.length <= 2) {
                        return zipf(accountCount, parts.length == 2 ? Double.parseDouble(parts[1]) : 1.0);
                    }
                    break;
                case "hot":
                    if (parts.length == 3) {
                        return hot(accountCount, Double.parseDouble(parts[1]), Integer.parseInt(parts[2]));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("--skew '" + skew
                + "' is not a skew: write uniform, zipf, zipf:1.2, or hot:90:10 (90% of traffic on 10 accounts)");
    }

    static AccountPicker zipf(int accountCount, double exponent) {
        if (!(exponent > 0) || exponent > 10) {
            throw new NumberFormatException();
        }
        double[] cumulative = new double[accountCount];
        double sum = 0;
        for (int i = 0; i < accountCount; i++) {
            sum += 1.0 / Math.pow(i + 1, exponent);
            cumulative[i] = sum;
        }
        double total = sum;
        return random -> {
            int index = Arrays.binarySearch(cumulative, random.nextDouble() * total);
            return Math.min(accountCount - 1, index >= 0 ? index : -index - 1);
        };
    }

    static AccountPicker hot(int accountCount, double hotPercent, int hotCount) {
        if (hotPercent < 0 || hotPercent > 100 || hotCount < 1 || hotCount > accountCount) {
            throw new IllegalArgumentException("hot:X:Y needs 0 <= X <= 100 and 1 <= Y <= the number of accounts ("
                    + accountCount + ")");
        }
        return random -> {
            if (hotCount == accountCount || random.nextDouble() * 100 < hotPercent) {
                return random.nextInt(hotCount);
            }
            return hotCount + random.nextInt(accountCount - hotCount);
        };
    }
}
