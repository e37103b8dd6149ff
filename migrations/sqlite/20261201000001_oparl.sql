-- OParl (open data): objects that were published and are gone — deleted, made internal, or
-- (people) consent withdrawn. OParl 1.1 lists them as `deleted: true` to clients that ask for
-- changes (`modified_since`). Filled by triggers, so no code path that removes or hides an
-- object can forget it. Making an object public again removes its tombstone.
CREATE TABLE oparl_deleted (
    -- the object's path below the OParl root, e.g. 'meeting/12', 'paper/bedarf-5'
    object TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'paper', 'person', 'membership')),
    created_at TEXT NOT NULL,
    deleted_at TEXT NOT NULL
);
CREATE INDEX oparl_deleted_by_kind ON oparl_deleted (kind, deleted_at);

-- The same text form sqlx writes for a UTC timestamp, so times compare as text.
CREATE TRIGGER oparl_session_deleted AFTER DELETE ON sessions WHEN OLD.public = 1
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('meeting/' || OLD.id, 'meeting', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_session_hidden AFTER UPDATE OF public ON sessions
    WHEN OLD.public = 1 AND NEW.public = 0
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('meeting/' || OLD.id, 'meeting', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_session_shown AFTER UPDATE OF public ON sessions
    WHEN OLD.public = 0 AND NEW.public = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'meeting/' || NEW.id;
END;

CREATE TRIGGER oparl_item_deleted AFTER DELETE ON agenda_items WHEN OLD.public = 1
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('agenda-item/' || OLD.id, 'agenda-item', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_item_hidden AFTER UPDATE OF public ON agenda_items
    WHEN OLD.public = 1 AND NEW.public = 0
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('agenda-item/' || OLD.id, 'agenda-item', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_item_shown AFTER UPDATE OF public ON agenda_items
    WHEN OLD.public = 0 AND NEW.public = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'agenda-item/' || NEW.id;
END;

CREATE TRIGGER oparl_demand_hidden AFTER UPDATE OF public ON demands
    WHEN OLD.public = 1 AND NEW.public = 0 AND OLD.status <> 'draft'
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('paper/bedarf-' || OLD.id, 'paper', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_demand_shown AFTER UPDATE OF public ON demands
    WHEN OLD.public = 0 AND NEW.public = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'paper/bedarf-' || NEW.id;
END;

CREATE TRIGGER oparl_topic_hidden AFTER UPDATE OF public ON topics
    WHEN OLD.public = 1 AND NEW.public = 0 AND OLD.state = 'accepted'
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('paper/thema-' || OLD.id, 'paper', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_topic_shown AFTER UPDATE OF public ON topics
    WHEN OLD.public = 0 AND NEW.public = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'paper/thema-' || NEW.id;
END;

CREATE TRIGGER oparl_consent_withdrawn AFTER UPDATE OF publish_consent ON users
    WHEN OLD.publish_consent = 1 AND NEW.publish_consent = 0
BEGIN
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES ('person/' || OLD.id, 'person', OLD.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now'))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    SELECT 'membership/' || m.id, 'membership', m.created_at, strftime('%Y-%m-%dT%H:%M:%S+00:00', 'now')
    FROM memberships m WHERE m.user_id = OLD.id
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
END;
CREATE TRIGGER oparl_consent_given AFTER UPDATE OF publish_consent ON users
    WHEN OLD.publish_consent = 0 AND NEW.publish_consent = 1
BEGIN
    DELETE FROM oparl_deleted WHERE object = 'person/' || NEW.id
        OR object IN (SELECT 'membership/' || m.id FROM memberships m WHERE m.user_id = NEW.id);
END;
