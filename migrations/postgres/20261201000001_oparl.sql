-- OParl (open data): objects that were published and are gone — deleted, made internal, or
-- (people) consent withdrawn. OParl 1.1 lists them as `deleted: true` to clients that ask for
-- changes (`modified_since`). Filled by triggers, so no code path that removes or hides an
-- object can forget it. Making an object public again removes its tombstone.
CREATE TABLE oparl_deleted (
    -- the object's path below the OParl root, e.g. 'meeting/12', 'paper/bedarf-5'
    object TEXT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('meeting', 'agenda-item', 'paper', 'person', 'membership')),
    created_at TIMESTAMPTZ NOT NULL,
    deleted_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX oparl_deleted_by_kind ON oparl_deleted (kind, deleted_at);

CREATE FUNCTION oparl_tombstone(path TEXT, kind TEXT, created TIMESTAMPTZ) RETURNS void
LANGUAGE sql AS $$
    INSERT INTO oparl_deleted (object, kind, created_at, deleted_at)
    VALUES (path, kind, created, date_trunc('second', now()))
    ON CONFLICT (object) DO UPDATE SET deleted_at = excluded.deleted_at;
$$;

CREATE FUNCTION oparl_session_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.public THEN PERFORM oparl_tombstone('meeting/' || OLD.id, 'meeting', OLD.created_at); END IF;
        RETURN OLD;
    END IF;
    IF OLD.public AND NOT NEW.public THEN
        PERFORM oparl_tombstone('meeting/' || OLD.id, 'meeting', OLD.created_at);
    ELSIF NEW.public AND NOT OLD.public THEN
        DELETE FROM oparl_deleted WHERE object = 'meeting/' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER oparl_session_changed AFTER DELETE OR UPDATE OF public ON sessions
    FOR EACH ROW EXECUTE FUNCTION oparl_session_changed();

CREATE FUNCTION oparl_item_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.public THEN PERFORM oparl_tombstone('agenda-item/' || OLD.id, 'agenda-item', OLD.created_at); END IF;
        RETURN OLD;
    END IF;
    IF OLD.public AND NOT NEW.public THEN
        PERFORM oparl_tombstone('agenda-item/' || OLD.id, 'agenda-item', OLD.created_at);
    ELSIF NEW.public AND NOT OLD.public THEN
        DELETE FROM oparl_deleted WHERE object = 'agenda-item/' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER oparl_item_changed AFTER DELETE OR UPDATE OF public ON agenda_items
    FOR EACH ROW EXECUTE FUNCTION oparl_item_changed();

CREATE FUNCTION oparl_demand_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.public AND NOT NEW.public AND OLD.status <> 'draft' THEN
        PERFORM oparl_tombstone('paper/bedarf-' || OLD.id, 'paper', OLD.created_at);
    ELSIF NEW.public AND NOT OLD.public THEN
        DELETE FROM oparl_deleted WHERE object = 'paper/bedarf-' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER oparl_demand_changed AFTER UPDATE OF public ON demands
    FOR EACH ROW EXECUTE FUNCTION oparl_demand_changed();

CREATE FUNCTION oparl_topic_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.public AND NOT NEW.public AND OLD.state = 'accepted' THEN
        PERFORM oparl_tombstone('paper/thema-' || OLD.id, 'paper', OLD.created_at);
    ELSIF NEW.public AND NOT OLD.public THEN
        DELETE FROM oparl_deleted WHERE object = 'paper/thema-' || NEW.id;
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER oparl_topic_changed AFTER UPDATE OF public ON topics
    FOR EACH ROW EXECUTE FUNCTION oparl_topic_changed();

CREATE FUNCTION oparl_consent_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.publish_consent AND NOT NEW.publish_consent THEN
        PERFORM oparl_tombstone('person/' || OLD.id, 'person', OLD.created_at);
        PERFORM oparl_tombstone('membership/' || m.id, 'membership', m.created_at)
            FROM memberships m WHERE m.user_id = OLD.id;
    ELSIF NEW.publish_consent AND NOT OLD.publish_consent THEN
        DELETE FROM oparl_deleted WHERE object = 'person/' || NEW.id
            OR object IN (SELECT 'membership/' || m.id FROM memberships m WHERE m.user_id = NEW.id);
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER oparl_consent_changed AFTER UPDATE OF publish_consent ON users
    FOR EACH ROW EXECUTE FUNCTION oparl_consent_changed();
