-- Multi-Paxos state of this node. The acceptor's promise and accepted values are written here
-- before the matching Promise/Accepted message leaves the node; the chosen values are kept per
-- slot so that a peer can catch up from this store and the ledger can be replayed from it.

CREATE TABLE acceptor_promise (
    singleton      boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    ballot_round   bigint  NOT NULL CHECK (ballot_round >= 0),
    ballot_node_id integer NOT NULL CHECK (ballot_node_id >= 0)
);

CREATE TABLE acceptor_accepted (
    slot           bigint  PRIMARY KEY CHECK (slot > 0),
    ballot_round   bigint  NOT NULL CHECK (ballot_round >= 0),
    ballot_node_id integer NOT NULL CHECK (ballot_node_id >= 0),
    value          bytea   NOT NULL
);

CREATE TABLE chosen_slots (
    slot  bigint PRIMARY KEY CHECK (slot > 0),
    value bytea  NOT NULL
);
