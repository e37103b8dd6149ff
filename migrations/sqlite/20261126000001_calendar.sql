-- Session series and their sessions, and each person's secret calendar-feed link.
-- Times are UTC (RFC 3339 text with whole seconds); dates and times of day of a series are local
-- to Europe/Berlin, where the committee meets.
CREATE TABLE session_series (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    format TEXT NOT NULL CHECK (format IN ('virtual', 'in_person', 'hybrid')),
    -- 'monthly': the nth weekday of every interval-th month; 'dates': the listed dates
    rule TEXT NOT NULL CHECK (rule IN ('monthly', 'dates')),
    interval_months INTEGER NOT NULL DEFAULT 1,
    nth INTEGER NOT NULL DEFAULT 1,
    weekday INTEGER NOT NULL DEFAULT 0 CHECK (weekday BETWEEN 0 AND 6),
    -- month numbers left out, comma-separated ("5,11")
    skip_months TEXT NOT NULL DEFAULT '',
    -- ISO dates, comma-separated, for rule 'dates'
    dates TEXT NOT NULL DEFAULT '',
    first_date TEXT NOT NULL,
    until_date TEXT,
    start_time TEXT NOT NULL,
    duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
    video_url TEXT,
    location TEXT,
    deadline_days INTEGER NOT NULL CHECK (deadline_days >= 0),
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    committee_id INTEGER NOT NULL REFERENCES committees (id),
    series_id INTEGER REFERENCES session_series (id),
    -- the series date this session stands for (also after a move); NULL for an extra session
    occurrence TEXT,
    -- iCalendar UID: stable for the life of the session
    uid TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
    format TEXT NOT NULL CHECK (format IN ('virtual', 'in_person', 'hybrid')),
    status TEXT NOT NULL DEFAULT 'planned'
        CHECK (status IN ('planned', 'invited', 'in_progress', 'held', 'minutes_approved', 'cancelled')),
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    deadline_at TEXT NOT NULL,
    video_url TEXT,
    location TEXT,
    public INTEGER NOT NULL DEFAULT 1 CHECK (public IN (0, 1)),
    -- the start before the first move
    moved_from TEXT,
    cancel_reason TEXT,
    -- changed one by one: changes of the series no longer touch it
    detached INTEGER NOT NULL DEFAULT 0 CHECK (detached IN (0, 1)),
    -- folded title and place, for search
    search_text TEXT NOT NULL,
    -- iCalendar SEQUENCE: raised on every change a calendar client must pick up
    sequence INTEGER NOT NULL DEFAULT 0,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (series_id, occurrence),
    CHECK (ends_at > starts_at)
);
CREATE INDEX sessions_by_start ON sessions (committee_id, starts_at);

ALTER TABLE users ADD COLUMN calendar_token_hash TEXT;
ALTER TABLE users ADD COLUMN calendar_token_at TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users (calendar_token_hash);

-- The Kommunalgremium meets monthly online (second Wednesday, not in May and November) and in
-- person twice a year (second Wednesday of May and November). Sessions are generated at start.
INSERT INTO session_series (committee_id, title, format, rule, interval_months, nth, weekday,
    skip_months, first_date, start_time, duration_minutes, deadline_days, public, created_at,
    updated_at)
SELECT id, 'Monatliche Videokonferenz', 'virtual', 'monthly', 1, 2, 2, '5,11', '2026-01-01',
    '10:00', 120, 7, 1, '2026-11-26T00:00:00+00:00', '2026-11-26T00:00:00+00:00'
FROM committees WHERE slug = 'kommunalgremium';
INSERT INTO session_series (committee_id, title, format, rule, interval_months, nth, weekday,
    skip_months, first_date, start_time, duration_minutes, deadline_days, public, created_at,
    updated_at)
SELECT id, 'Präsenzsitzung', 'in_person', 'monthly', 6, 2, 2, '', '2026-05-01',
    '10:00', 360, 14, 1, '2026-11-26T00:00:00+00:00', '2026-11-26T00:00:00+00:00'
FROM committees WHERE slug = 'kommunalgremium';
