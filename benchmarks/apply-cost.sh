#!/usr/bin/env bash
# Measures what one node's apply transaction (bank_apply) costs PostgreSQL, by group size, on a
# durable embedded PostgreSQL: CPU per apply and per transfer, and rows of accounts read by
# sequential scans (benchmarks/HISTORY.md, "What changed": sessions 12 to 25 measured with it).
#   benchmarks/apply-cost.sh                                  # current schema, groups of 2, 20, 200
#   benchmarks/apply-cost.sh --compare-sql db-migrations/src/main/resources/db/migration/V10__update_accounts_in_place.sql
# Results: target/apply-cost/results.json under the repository root. Takes about 5 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q install -DskipTests -pl benchmarks -am
# The class path names the project's modules as installed in the local Maven repository by the
# line above: while this runs, installing another build (another clone's benchmark, say) changes
# what a process started later loads. Run one at a time.
mvn -B -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile=target/classpath.txt
exec java -Xmx1g -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)" \
     io.bankledger.bench.ApplyCostMain --out target/apply-cost "$@"
