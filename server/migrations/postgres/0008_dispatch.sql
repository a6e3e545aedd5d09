-- Dispatch: the outbox is drained by a dispatcher on every instance. A row is claimed for a
-- lease (an instance that dies mid-delivery loses it when the lease runs out), retried with
-- back-off, and after the last attempt kept as a dead letter for an administrator.
ALTER TABLE outbox ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN lease_until BIGINT;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN dead_at BIGINT;
-- 'queue' (the product's own department queue) or the receiver's id.
ALTER TABLE outbox ADD COLUMN delivered_to TEXT;
-- Only what is still to be delivered is indexed: the claim reads nothing else.
CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL AND dead_at IS NULL;
CREATE INDEX outbox_dead ON outbox(dead_at) WHERE dead_at IS NOT NULL;
CREATE INDEX outbox_by_part ON outbox(part_id);

-- A department's (or organisation's) own system, as data. Without an active receiver, a part
-- goes to the product's own department queue. The secret is sealed with the data key: it signs
-- what we send and checks what the receiver reports back.
CREATE TABLE receivers (
    id TEXT PRIMARY KEY,
    department_id TEXT NOT NULL UNIQUE REFERENCES departments(id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Signatures of callbacks already taken, kept for the replay window: the same signed request
-- sent twice is refused.
CREATE TABLE callback_signatures (
    signature TEXT PRIMARY KEY,
    receiver_id TEXT NOT NULL,
    at BIGINT NOT NULL
);
CREATE INDEX callback_signatures_by_age ON callback_signatures(at);
