-- One name per concept: a committee meeting is a `meeting` (it was `session`, which also meant
-- a login), the login is a `login_session`. SQLite rewrites the foreign keys and triggers that
-- name a renamed table or column; indexes and triggers are renamed by making them anew.
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

DROP INDEX sessions_by_start;
CREATE INDEX meetings_by_start ON meetings (committee_id, starts_at);
DROP INDEX user_sessions_by_user;
CREATE INDEX login_sessions_by_user ON login_sessions (user_id);
DROP INDEX topics_by_session;
CREATE INDEX topics_by_meeting ON topics (meeting_id, state);
DROP INDEX agenda_items_by_session;
CREATE INDEX agenda_items_by_meeting ON agenda_items (meeting_id, position);
DROP INDEX decisions_by_session;
CREATE INDEX decisions_by_meeting ON decisions (meeting_id, item_id);

DROP TRIGGER oparl_session_deleted;
DROP TRIGGER oparl_session_hidden;
DROP TRIGGER oparl_session_shown;
CREATE TRIGGER oparl_meeting_deleted AFTER DELETE ON meetings WHEN OLD.public = 1
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('meeting/' || OLD.id, 'meeting', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_meeting_hidden AFTER UPDATE OF public ON meetings
    WHEN OLD.public = 1 AND NEW.public = 0
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('meeting/' || OLD.id, 'meeting', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_meeting_shown AFTER UPDATE OF public ON meetings
    WHEN OLD.public = 0 AND NEW.public = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'meeting/' || NEW.id;
END;
