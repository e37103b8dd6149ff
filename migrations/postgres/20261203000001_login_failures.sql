-- Failed sign-ins per account address *and* client address: an attacker's failures slow down
-- only the attacker's address, never the person who signs in from elsewhere with the right
-- password.
ALTER TABLE login_failures ADD COLUMN client TEXT NOT NULL DEFAULT '';
ALTER TABLE login_failures DROP CONSTRAINT login_failures_pkey;
ALTER TABLE login_failures ADD PRIMARY KEY (email, client);
