package io.bankledger.cli.client;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochGenerator;

/**
 * Fresh command ids for new intentions: time-ordered UUIDs (version 7, RFC 9562), as TigerBeetle
 * recommends for its ids. Every node keeps each command id in a unique index for ever (the
 * idempotency key, V9); random ids land on a random leaf page of that index, so past the first
 * checkpoint each insert dirties and logs a whole page, while ids that grow with time append to
 * its last pages. The node accepts any UUID; this only keeps our own clients on the cheap path.
 * Within one millisecond the generator counts up from a random start, so ids of one process are
 * strictly increasing while the clock does not go back; ids of different processes still differ
 * in their 74 random bits. Safe for concurrent use.
 */
public final class CommandIdSource {

    private static final TimeBasedEpochGenerator GENERATOR = Generators.timeBasedEpochGenerator();

    private CommandIdSource() {
    }

    public static String next() {
        return GENERATOR.generate().toString();
    }
}
