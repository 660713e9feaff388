package io.bankledger.cli.load;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/** The share of each kind of command in a workload, e.g. {@code transfer=80,deposit=5,withdraw=5,balance=10}. */
public final class CommandMix {

    public enum Kind { TRANSFER, DEPOSIT, WITHDRAW, BALANCE }

    public static final String DEFAULT = "transfer=80,deposit=5,withdraw=5,balance=10";

    private final Kind[] kinds;
    private final double[] cumulative;

    private CommandMix(Map<Kind, Double> weights) {
        kinds = weights.keySet().toArray(new Kind[0]);
        cumulative = new double[kinds.length];
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        double sum = 0;
        for (int i = 0; i < kinds.length; i++) {
            sum += weights.get(kinds[i]) / total;
            cumulative[i] = sum;
        }
    }

    public static CommandMix parse(String text) {
        Map<Kind, Double> weights = new EnumMap<>(Kind.class);
        try {
            for (String part : text.split(",")) {
                String[] kv = part.trim().split("=");
                Kind kind = Kind.valueOf(kv[0].trim().toUpperCase(Locale.ROOT));
                double weight = Double.parseDouble(kv[1].trim());
                if (kv.length != 2 || weight < 0) {
                    throw new IllegalArgumentException();
                }
                if (weight > 0) {
                    weights.put(kind, weight);
                }
            }
        } catch (RuntimeException e) {
            weights.clear();
        }
        if (weights.isEmpty()) {
            throw new IllegalArgumentException("--mix '" + text + "' is not a mix: write e.g. " + DEFAULT);
        }
        return new CommandMix(weights);
    }

    public Kind next(SplittableRandom random) {
        double x = random.nextDouble();
        for (int i = 0; i < kinds.length; i++) {
            if (x < cumulative[i]) {
                return kinds[i];
            }
        }
        return kinds[kinds.length - 1];
    }
}
