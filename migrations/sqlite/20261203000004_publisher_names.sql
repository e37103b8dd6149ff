-- Published agenda versions named their publisher by address; every other place shows the
-- person's name (issue: names instead of e-mail addresses). New versions store the name.
UPDATE agenda_versions
SET published_by = (SELECT display_name FROM users WHERE users.email = agenda_versions.published_by)
WHERE published_by IN (SELECT email FROM users);
