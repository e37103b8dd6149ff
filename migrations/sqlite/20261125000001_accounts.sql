-- People, their roles, invitations, password resets, sign-in throttling, the index of their
-- sessions and the audit log. Timestamps are bound from Rust as RFC 3339 UTC with whole seconds,
-- so they compare correctly as text.
CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    -- lower case; the sign-in name
    email TEXT NOT NULL UNIQUE CHECK (length(email) BETWEEN 3 AND 254),
    display_name TEXT NOT NULL CHECK (length(display_name) BETWEEN 1 AND 120),
    -- Argon2id PHC string; never the password itself
    password_hash TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    -- the organization this person acts for as its representative
    organization_id INTEGER REFERENCES organizations (id),
    disabled_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE password_resets (
    id INTEGER PRIMARY KEY,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    used_at TEXT
);

-- Failed sign-ins per e-mail address (also unknown ones, so probing is slowed the same way).
CREATE TABLE login_failures (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TEXT NOT NULL
);

-- Which session belongs to whom, so people can see and end their own sessions.
CREATE TABLE user_sessions (
    session_id TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    user_agent TEXT NOT NULL
);
CREATE INDEX user_sessions_by_user ON user_sessions (user_id);

CREATE TABLE committees (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    short_name TEXT,
    slug TEXT UNIQUE,
    chair_organization_id INTEGER REFERENCES organizations (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE invitations (
    id INTEGER PRIMARY KEY,
    -- SHA-256 of the secret in the link; the link itself is never stored
    token_hash TEXT NOT NULL UNIQUE,
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    is_admin INTEGER NOT NULL DEFAULT 0 CHECK (is_admin IN (0, 1)),
    chair_of INTEGER REFERENCES committees (id),
    organization_id INTEGER REFERENCES organizations (id),
    invited_by INTEGER REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    accepted_at TEXT,
    user_id INTEGER REFERENCES users (id)
);
CREATE INDEX invitations_by_email ON invitations (email);

CREATE TABLE committee_chairs (
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    is_deputy INTEGER NOT NULL DEFAULT 0 CHECK (is_deputy IN (0, 1)),
    PRIMARY KEY (committee_id, user_id)
);

CREATE TABLE benches (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    seats INTEGER NOT NULL CHECK (seats BETWEEN 1 AND 100),
    position INTEGER NOT NULL,
    UNIQUE (committee_id, name)
);

CREATE TABLE memberships (
    id INTEGER PRIMARY KEY,
    bench_id INTEGER NOT NULL REFERENCES benches (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    -- seat number on the bench for a seat holder; NULL for a deputy
    seat INTEGER CHECK (seat >= 1),
    deputy_of INTEGER REFERENCES memberships (id),
    valid_from TEXT NOT NULL,
    valid_until TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((seat IS NULL) <> (deputy_of IS NULL))
);
CREATE INDEX memberships_by_bench ON memberships (bench_id);
CREATE INDEX memberships_by_user ON memberships (user_id);

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    -- who acted as shown at the time (an e-mail address for failed sign-ins)
    actor_label TEXT NOT NULL,
    action TEXT NOT NULL,
    object TEXT NOT NULL,
    summary TEXT NOT NULL,
    ip TEXT
);
CREATE INDEX audit_log_by_at ON audit_log (at, id);
CREATE INDEX audit_log_by_action ON audit_log (action, id);

-- The Kommunalgremium of the IT-Planungsrat: FITKO in the chair, five benches.
INSERT INTO committees (name, short_name, slug, chair_organization_id, created_at, updated_at)
SELECT 'Kommunalgremium des IT-Planungsrats', 'Kommunalgremium', 'kommunalgremium', id,
       '2026-11-25T00:00:00+00:00', '2026-11-25T00:00:00+00:00'
FROM organizations WHERE slug = 'fitko';

INSERT INTO benches (committee_id, name, seats, position)
SELECT c.id, b.name, b.seats, b.position
FROM committees c,
     (SELECT 'Landkreise' AS name, 3 AS seats, 1 AS position
      UNION ALL SELECT 'Städte', 3, 2
      UNION ALL SELECT 'Gemeinden', 3, 3
      UNION ALL SELECT 'Vitako', 3, 4
      UNION ALL SELECT 'KGSt', 2, 5) b
WHERE c.slug = 'kommunalgremium';
