/**
 * The load generator behind {@code bank load}, usable from code (a benchmark reuses it): a
 * {@link io.bankledger.cli.load.Workload} makes commands over K accounts with a skew, a
 * {@link io.bankledger.cli.load.LoadGenerator} sends them on an open-loop schedule with a bounded
 * number in flight, and a {@link io.bankledger.cli.load.LatencyRecorder} measures each reply from
 * the time it was <em>meant</em> to be sent, so queueing in the client (coordinated omission)
 * shows up in the percentiles instead of hiding. It knows nothing of JMS: it sends through a
 * {@link io.bankledger.cli.load.CommandSender}.
 */
package io.bankledger.cli.load;
