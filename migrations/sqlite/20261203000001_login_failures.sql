-- Failed sign-ins per account address *and* client address: an attacker's failures slow down
-- only the attacker's address, never the person who signs in from elsewhere with the right
-- password.
CREATE TABLE login_failures_by_client (
    email TEXT NOT NULL,
    client TEXT NOT NULL DEFAULT '',
    failures INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL,
    PRIMARY KEY (email, client)
);
INSERT INTO login_failures_by_client (email, client, failures, last_failure_at)
    SELECT email, '', failures, last_failure_at FROM login_failures;
DROP TABLE login_failures;
ALTER TABLE login_failures_by_client RENAME TO login_failures;
