#!/usr/bin/env bash
# Writes session 17's upper-bound variant of bank_apply (not a migration) to standard output: V13's
# function without the insert into chosen_slots and without the delete of the acceptor's entries,
# i.e. what a node would save if the acceptor's accepted entries were kept as the chosen log.
#   benchmarks/results/2026-11-27-2core-session17/no-log-copy.sh > no-log-copy.sql
#   benchmarks/apply-cost.sh --group-sizes 200,2000 --transfers 20000 --repetitions 3 --acceptor-writes --compare-sql no-log-copy.sql
set -euo pipefail
cd "$(dirname "$0")/../../.."
sed -e '/^--/d' \
    -e 's/^    INSERT INTO chosen_slots (slot, value) SELECT \* FROM unnest(log_slot, log_value);/    -- variant: no chosen_slots insert/' \
    -e 's/^    DELETE FROM acceptor_accepted WHERE slot > previous_applied_slot AND slot <= new_applied_slot;/    -- variant: acceptor entries kept/' \
    db-migrations/src/main/resources/db/migration/V13__delete_only_the_applied_acceptor_entries.sql
