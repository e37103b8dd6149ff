-- E-mail waiting to be sent: written in the transaction of the change that causes it, sent by a
-- background worker that claims each message before sending (claimed_until), retries with a
-- growing wait (next_attempt_at) and keeps a permanent failure with its reason.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset', 'notification', 'digest')),
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,
    -- A path on this site, written below the body as a full address when the message is sent.
    link TEXT,
    created_at TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_until TEXT,
    sent_at TEXT,
    failed_at TEXT,
    last_error TEXT
);

CREATE INDEX outbox_due ON outbox (next_attempt_at, id) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_undelivered ON outbox (id) WHERE sent_at IS NULL AND (failed_at IS NOT NULL OR attempts > 0);
