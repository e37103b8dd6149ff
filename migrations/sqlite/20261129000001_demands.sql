-- Demands (Bedarfe): raised by an organization, co-signed by others (one signature per
-- organization), moved through a status workflow whose every step is a timeline entry; the
-- categories (OZG Themenfelder); who follows which demand; and the link from decisions in the
-- minutes to the demands they move.
CREATE TABLE demand_categories (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 120),
    position INTEGER NOT NULL,
    version INTEGER NOT NULL DEFAULT 1
);
INSERT INTO demand_categories (name, position) VALUES
    ('Arbeit & Ruhestand', 1),
    ('Bauen & Wohnen', 2),
    ('Bildung', 3),
    ('Ein- und Auswanderung', 4),
    ('Engagement & Hobby', 5),
    ('Familie & Kind', 6),
    ('Forschung & Förderung', 7),
    ('Gesundheit', 8),
    ('Mobilität & Reisen', 9),
    ('Querschnittsleistungen', 10),
    ('Recht & Ordnung', 11),
    ('Steuern & Zoll', 12),
    ('Umwelt', 13),
    ('Unternehmensführung & -entwicklung', 14);

CREATE TABLE demands (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    problem TEXT NOT NULL CHECK (length(problem) BETWEEN 1 AND 10000),
    outcome TEXT NOT NULL CHECK (length(outcome) BETWEEN 1 AND 10000),
    category_id INTEGER NOT NULL REFERENCES demand_categories (id),
    -- affected services or systems, one per line
    tags TEXT NOT NULL DEFAULT '',
    urgency TEXT NOT NULL CHECK (urgency IN ('low', 'normal', 'high')),
    -- attachment links, one per line
    links TEXT NOT NULL DEFAULT '',
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    status TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'in_review', 'accepted', 'in_progress', 'forwarded', 'resolved', 'declined', 'merged', 'withdrawn')),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    raised_by INTEGER NOT NULL REFERENCES users (id),
    -- the raising organization's Land and class (kreis, stadt, gemeinde, other), kept here so
    -- filters need no join; organizations do not change either
    raiser_land_id INTEGER REFERENCES organizations (id),
    raiser_class TEXT NOT NULL CHECK (raiser_class IN ('kreis', 'stadt', 'gemeinde', 'other')),
    -- co-signing organizations (the raiser not counted), kept in step with demand_cosignatures
    cosign_count INTEGER NOT NULL DEFAULT 0 CHECK (cosign_count >= 0),
    forwarded_to TEXT,
    reference TEXT,
    follow_up TEXT,
    decline_reason TEXT,
    merged_into INTEGER REFERENCES demands (id),
    -- stemmed search terms of title, problem, outcome and tags (domain::search)
    search_terms TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CHECK (status <> 'forwarded' OR (forwarded_to IS NOT NULL AND reference IS NOT NULL)),
    CHECK (status <> 'declined' OR decline_reason IS NOT NULL),
    CHECK (status <> 'merged' OR merged_into IS NOT NULL)
);
CREATE INDEX demands_by_created ON demands (created_at, id);
CREATE INDEX demands_by_support ON demands (cosign_count, id);
CREATE INDEX demands_by_status ON demands (status, created_at);
CREATE INDEX demands_by_organization ON demands (organization_id);
CREATE INDEX demands_by_category ON demands (category_id, created_at);
CREATE INDEX demands_by_land ON demands (raiser_land_id, created_at);
CREATE INDEX demands_by_follow_up ON demands (status, follow_up);

-- FTS5 over the stemmed terms, its content read from demands and kept in step by triggers.
CREATE VIRTUAL TABLE demand_fts USING fts5 (search_terms, content = 'demands', content_rowid = 'id');
CREATE TRIGGER demands_fts_insert AFTER INSERT ON demands BEGIN
    INSERT INTO demand_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER demands_fts_update AFTER UPDATE OF search_terms ON demands BEGIN
    INSERT INTO demand_fts (demand_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
    INSERT INTO demand_fts (rowid, search_terms) VALUES (new.id, new.search_terms);
END;
CREATE TRIGGER demands_fts_delete AFTER DELETE ON demands BEGIN
    INSERT INTO demand_fts (demand_fts, rowid, search_terms) VALUES ('delete', old.id, old.search_terms);
END;

-- At most one co-signature per organization; withdrawing deletes the row (the timeline keeps it).
CREATE TABLE demand_cosignatures (
    demand_id INTEGER NOT NULL REFERENCES demands (id),
    organization_id INTEGER NOT NULL REFERENCES organizations (id),
    land_id INTEGER REFERENCES organizations (id),
    class TEXT NOT NULL CHECK (class IN ('kreis', 'stadt', 'gemeinde', 'other')),
    reason TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 2000),
    signed_by INTEGER NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    PRIMARY KEY (demand_id, organization_id)
);
CREATE INDEX demand_cosignatures_by_organization ON demand_cosignatures (organization_id, demand_id);

CREATE TABLE demand_events (
    id INTEGER PRIMARY KEY,
    demand_id INTEGER NOT NULL REFERENCES demands (id),
    at TEXT NOT NULL,
    actor_id INTEGER REFERENCES users (id),
    actor_label TEXT NOT NULL,
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    comment TEXT,
    organization_id INTEGER REFERENCES organizations (id),
    session_id INTEGER REFERENCES sessions (id),
    decision_id INTEGER REFERENCES decisions (id),
    other_demand_id INTEGER REFERENCES demands (id)
);
CREATE INDEX demand_events_by_demand ON demand_events (demand_id, id);
CREATE INDEX demand_events_by_time ON demand_events (at, demand_id);

CREATE TABLE demand_follows (
    demand_id INTEGER NOT NULL REFERENCES demands (id),
    user_id INTEGER NOT NULL REFERENCES users (id),
    PRIMARY KEY (demand_id, user_id)
);
CREATE INDEX demand_follows_by_user ON demand_follows (user_id);

-- When a person last looked at their organization's dashboard ("what changed since").
CREATE TABLE demand_dashboard_visits (
    user_id INTEGER PRIMARY KEY REFERENCES users (id),
    seen_at TEXT NOT NULL
);

-- The demands a decision names and the status it moves each to (the meeting's hook).
CREATE TABLE decision_demands (
    decision_id INTEGER NOT NULL REFERENCES decisions (id),
    demand_id INTEGER NOT NULL REFERENCES demands (id),
    to_status TEXT NOT NULL CHECK (to_status IN ('accepted', 'in_progress', 'forwarded', 'resolved', 'declined')),
    forwarded_to TEXT,
    reference TEXT,
    follow_up TEXT,
    reason TEXT,
    PRIMARY KEY (decision_id, demand_id)
);
CREATE INDEX decision_demands_by_demand ON decision_demands (demand_id);

-- A topic raised from a demand.
ALTER TABLE topics ADD COLUMN demand_id INTEGER REFERENCES demands (id);
CREATE INDEX topics_by_demand ON topics (demand_id);
