-- One name per concept: a committee meeting is a `meeting` (it was `session`, which also meant
-- a login), the login is a `login_session`. Foreign keys and triggers follow a renamed table;
-- indexes, triggers and the trigger's function are renamed to match SQLite's.
ALTER TABLE sessions RENAME TO meetings;
ALTER TABLE session_series RENAME TO meeting_series;
ALTER TABLE user_sessions RENAME TO login_sessions;

ALTER TABLE topics RENAME COLUMN session_id TO meeting_id;
ALTER TABLE topic_events RENAME COLUMN session_id TO meeting_id;
ALTER TABLE agenda_items RENAME COLUMN session_id TO meeting_id;
ALTER TABLE agenda_versions RENAME COLUMN session_id TO meeting_id;
ALTER TABLE attendance RENAME COLUMN session_id TO meeting_id;
ALTER TABLE decisions RENAME COLUMN session_id TO meeting_id;
ALTER TABLE minutes RENAME COLUMN session_id TO meeting_id;
ALTER TABLE demand_events RENAME COLUMN session_id TO meeting_id;

ALTER INDEX sessions_by_start RENAME TO meetings_by_start;
ALTER INDEX user_sessions_by_user RENAME TO login_sessions_by_user;
ALTER INDEX topics_by_session RENAME TO topics_by_meeting;
ALTER INDEX agenda_items_by_session RENAME TO agenda_items_by_meeting;
ALTER INDEX decisions_by_session RENAME TO decisions_by_meeting;

ALTER TRIGGER oparl_session_changed ON meetings RENAME TO oparl_meeting_changed;
ALTER FUNCTION oparl_session_changed() RENAME TO oparl_meeting_changed;

-- The names PostgreSQL gave constraints, their indexes and the id sequences when the tables were
-- created follow the new table and column names too (SQLite names none of these).
DO $$
DECLARE
    c record;
    fresh text;
BEGIN
    FOR c IN SELECT conrelid::regclass AS tbl, conname FROM pg_constraint
             WHERE connamespace = current_schema()::regnamespace AND conname LIKE '%session%' LOOP
        IF c.conname LIKE 'user_sessions%' THEN
            fresh := replace(c.conname, 'user_sessions', 'login_sessions');
        ELSE
            fresh := replace(replace(replace(c.conname, 'session_series', 'meeting_series'),
                     'sessions', 'meetings'), 'session_id', 'meeting_id');
        END IF;
        EXECUTE format('ALTER TABLE %s RENAME CONSTRAINT %I TO %I', c.tbl, c.conname, fresh);
    END LOOP;
END $$;
ALTER SEQUENCE sessions_id_seq RENAME TO meetings_id_seq;
ALTER SEQUENCE session_series_id_seq RENAME TO meeting_series_id_seq;
