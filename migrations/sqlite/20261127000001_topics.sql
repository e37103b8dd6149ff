-- Topics members bring to sessions, the agenda the chair builds from them, its published
-- versions, and each person's inbox of notifications.
CREATE TABLE topics (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    -- NULL: for the next possible session, none of which is planned yet
    session_id INTEGER REFERENCES sessions (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    -- Markdown as typed; rendered safely on display
    description TEXT NOT NULL DEFAULT '',
    presenter TEXT,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    -- attachment links, one per line
    links TEXT NOT NULL DEFAULT '',
    state TEXT NOT NULL DEFAULT 'submitted'
        CHECK (state IN ('submitted', 'accepted', 'rejected', 'merged', 'withdrawn')),
    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    retabled INTEGER NOT NULL DEFAULT 0 CHECK (retabled IN (0, 1)),
    reject_reason TEXT,
    merged_into INTEGER REFERENCES topics (id),
    submitted_by INTEGER NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX topics_by_session ON topics (session_id, state);
CREATE INDEX topics_by_submitter ON topics (submitted_by);

CREATE TABLE topic_events (
    id INTEGER PRIMARY KEY,
    topic_id INTEGER NOT NULL REFERENCES topics (id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_label TEXT NOT NULL,
    kind TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions (id),
    note TEXT
);
CREATE INDEX topic_events_by_topic ON topic_events (topic_id, id);

CREATE TABLE agenda_items (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    topic_id INTEGER REFERENCES topics (id),
    position INTEGER NOT NULL,
    -- 0: a TOP of its own; 1: a sub-item of the TOP above
    level INTEGER NOT NULL DEFAULT 0 CHECK (level IN (0, 1)),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    presenter TEXT,
    minutes INTEGER NOT NULL CHECK (minutes BETWEEN 1 AND 480),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    standard TEXT CHECK (standard IN ('welcome', 'minutes_approval', 'other')),
    late INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
    retabled INTEGER NOT NULL DEFAULT 0 CHECK (retabled IN (0, 1)),
    outcome TEXT CHECK (outcome IN ('handled', 'retabled')),
    created_at TEXT NOT NULL
);
CREATE INDEX agenda_items_by_session ON agenda_items (session_id, position);

CREATE TABLE agenda_versions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    number INTEGER NOT NULL,
    published_at TEXT NOT NULL,
    published_by TEXT NOT NULL,
    -- the frozen items (JSON)
    items TEXT NOT NULL,
    UNIQUE (session_id, number)
);

-- Every change of the agenda raises agenda_version, so two chairs never overwrite each other.
ALTER TABLE sessions ADD COLUMN agenda_version INTEGER NOT NULL DEFAULT 1;
-- Set once the standard items were added, so removing them does not bring them back.
ALTER TABLE sessions ADD COLUMN agenda_started INTEGER NOT NULL DEFAULT 0 CHECK (agenda_started IN (0, 1));

CREATE TABLE notifications (
    id INTEGER PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users (id),
    at TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    link TEXT NOT NULL,
    read_at TEXT
);
CREATE INDEX notifications_by_user ON notifications (user_id, id);
