package io.bankledger.protocol;

/**
 * Broker destinations and message properties of the contract. The names are wire values: never
 * rename them.
 *
 * <p>Requests: a persistent TextMessage on {@link #REQUESTS} with JMSCorrelationID = commandId and
 * JMSReplyTo for the answer. Do not set Artemis' duplicate-detection id: a retry must reach the
 * ledger to get the first outcome back.
 */
public final class Destinations {
    /** Anycast queue of client commands; every node consumes it as a competing consumer. */
    public static final String REQUESTS = "bank.requests";
    /** Topic of committed events, published in seq order, for downstream services. */
    public static final String EVENTS = "bank.events";
    /** Where undecodable requests go, with the reason in {@link #INVALID_REASON_PROPERTY}. */
    public static final String DEAD_LETTER = "DLQ";
    /** Artemis' default expiry address. */
    public static final String EXPIRY = "ExpiryQueue";

    /** String property on a dead-lettered request: the {@link Reason} name (MALFORMED, TOO_LARGE, ...). */
    public static final String INVALID_REASON_PROPERTY = "bank_invalid_reason";
    /** String property on a dead-lettered request: the human-readable detail. */
    public static final String INVALID_DETAIL_PROPERTY = "bank_invalid_detail";
    /** Int property: the id of the node that refused a request or published an event. */
    public static final String NODE_ID_PROPERTY = "bank_node_id";
    /** Long property on a {@link #EVENTS} message: the event's seq, for selectors and gap checks. */
    public static final String EVENT_SEQ_PROPERTY = "bank_event_seq";
    /** String property on a {@link #EVENTS} message: the event type (AccountOpened, ...). */
    public static final String EVENT_TYPE_PROPERTY = "bank_event_type";

    private static final String NODE_TOPIC_PREFIX = "bank.node.";
    private static final String ADMIN_QUEUE_PREFIX = "bank.admin.";

    private Destinations() {
    }

    /** The topic on which node {@code nodeId} receives Paxos messages. */
    public static String nodeTopic(int nodeId) {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be >= 0: " + nodeId);
        }
        return NODE_TOPIC_PREFIX + nodeId;
    }

    /**
     * The queue on which node {@code nodeId} answers operational questions (its status, its hash at
     * a seq) with a {@link NodeStatusView}; what {@code bank cluster} and {@code bank verify} use.
     */
    public static String adminQueue(int nodeId) {
        if (nodeId < 0) {
            throw new IllegalArgumentException("nodeId must be >= 0: " + nodeId);
        }
        return ADMIN_QUEUE_PREFIX + nodeId;
    }
}
