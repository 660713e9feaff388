/**
 * What an operator watches: per-node Micrometer metrics in Prometheus format, and the liveness
 * and readiness checks, served over HTTP. Observes; never changes what the node does.
 */
package io.bankledger.node.metrics;
