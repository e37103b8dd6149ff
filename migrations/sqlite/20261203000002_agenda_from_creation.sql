-- An agenda gets its standard items when its meeting is created, no longer when the chair first
-- opens the agenda page (a GET must not write). Meetings still open whose agenda nobody has
-- opened get them here, exactly as the first visit would have added them.
CREATE TEMPORARY TABLE unstarted AS
    SELECT id, created_at FROM sessions
    WHERE agenda_started = 0 AND status IN ('planned', 'invited', 'in_progress');

UPDATE agenda_items SET position = position + 2
    WHERE session_id IN (SELECT id FROM unstarted);

INSERT INTO agenda_items (session_id, position, title, minutes, public, standard, created_at)
    SELECT id, 1, 'Begrüßung und Feststellung der Beschlussfähigkeit', 5, 1, 'welcome', created_at
    FROM unstarted;
INSERT INTO agenda_items (session_id, position, title, minutes, public, standard, created_at)
    SELECT id, 2, 'Genehmigung der Niederschrift der letzten Sitzung', 5, 1, 'minutes_approval',
        created_at
    FROM unstarted;
INSERT INTO agenda_items (session_id, position, title, minutes, public, standard, created_at)
    SELECT u.id, (SELECT MAX(position) FROM agenda_items a WHERE a.session_id = u.id) + 1,
        'Verschiedenes', 10, 1, 'other', u.created_at
    FROM unstarted u;

UPDATE sessions SET agenda_started = 1 WHERE id IN (SELECT id FROM unstarted);
DROP TABLE unstarted;
