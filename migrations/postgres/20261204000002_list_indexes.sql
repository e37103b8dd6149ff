-- OParl clients sync with `modified_since`: the demands changed since then are found by index.
CREATE INDEX demands_by_updated ON demands (updated_at);
-- OParl pages public demands by number: the walk decides from the index alone, however deep.
CREATE INDEX demands_published ON demands (public, id, status);
-- The sixteen Länder for every list's filter: found by index, not by walking 16,000 rows.
CREATE INDEX organizations_by_kind ON organizations (kind, ars);
