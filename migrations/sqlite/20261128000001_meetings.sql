-- Running a session: attendance, the live state, decisions with their numbers, tasks from
-- decisions, and the minutes from draft to approval.

-- More than this share of the seats must vote for the committee to decide.
ALTER TABLE committees ADD COLUMN quorum_percent INTEGER NOT NULL DEFAULT 50
    CHECK (quorum_percent BETWEEN 0 AND 100);

CREATE TABLE attendance (
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    membership_id INTEGER NOT NULL REFERENCES memberships (id),
    presence TEXT NOT NULL CHECK (presence IN ('present', 'excused', 'absent', 'represented')),
    -- the deputy's membership for a represented seat
    represented_by INTEGER REFERENCES memberships (id),
    note TEXT,
    recorded_by TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    PRIMARY KEY (session_id, membership_id),
    CHECK ((presence = 'represented') = (represented_by IS NOT NULL))
);

-- The item under discussion in live mode, since when, and a version for the one writer.
ALTER TABLE sessions ADD COLUMN live_item_id INTEGER REFERENCES agenda_items (id);
ALTER TABLE sessions ADD COLUMN live_since TEXT;
ALTER TABLE sessions ADD COLUMN live_version INTEGER NOT NULL DEFAULT 1;
-- Notes taken on the item (Markdown) and the seconds spent on it before the current run.
ALTER TABLE agenda_items ADD COLUMN notes TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN spent_seconds INTEGER NOT NULL DEFAULT 0;

CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions (id),
    item_id INTEGER NOT NULL REFERENCES agenda_items (id),
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    -- the number: period (the session's month, 'YYYY-MM') and a count within it
    period TEXT NOT NULL,
    seq INTEGER NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('resolution', 'recommendation', 'notice', 'deferral')),
    text TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 10000),
    votes_yes INTEGER CHECK (votes_yes >= 0),
    votes_no INTEGER CHECK (votes_no >= 0),
    votes_abstain INTEGER CHECK (votes_abstain >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (committee_id, period, seq),
    CHECK ((votes_yes IS NULL) = (votes_no IS NULL) AND (votes_no IS NULL) = (votes_abstain IS NULL))
);
CREATE INDEX decisions_by_session ON decisions (session_id, item_id);

CREATE TABLE tasks (
    id INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    owner_user_id INTEGER REFERENCES users (id),
    owner_organization_id INTEGER REFERENCES organizations (id),
    due_on TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'in_progress', 'done')),
    done_at TEXT,
    done_by TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((owner_user_id IS NULL) <> (owner_organization_id IS NULL)),
    CHECK ((status = 'done') = (done_at IS NOT NULL))
);
CREATE INDEX tasks_by_due ON tasks (status, due_on);
CREATE INDEX tasks_by_user ON tasks (owner_user_id);
CREATE INDEX tasks_by_organization ON tasks (owner_organization_id);
CREATE INDEX tasks_by_decision ON tasks (decision_id);

CREATE TABLE minutes (
    session_id INTEGER PRIMARY KEY REFERENCES sessions (id),
    state TEXT NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'final', 'approved')),
    opening TEXT NOT NULL DEFAULT '',
    closing TEXT NOT NULL DEFAULT '',
    -- the document frozen when the minutes became final (JSON)
    document TEXT,
    finalised_at TEXT,
    finalised_by TEXT,
    -- the later session that approved them
    approved_in INTEGER REFERENCES sessions (id),
    approved_at TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK ((state = 'draft') = (document IS NULL))
);
