package io.bankledger.node.testing;

/** Reading a node's /metrics text (Prometheus exposition format) in tests. */
public final class PrometheusText {

    private PrometheusText() {
    }

    /** The sum of the samples of {@code metric} whose labels contain {@code label} ("" for all). */
    public static double sum(String scrape, String metric, String label) {
        return scrape.lines().filter(line -> line.startsWith(metric + "{") && line.contains(label))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
