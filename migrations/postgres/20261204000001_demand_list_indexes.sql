-- The demand list walks one of these in its order and decides what a reader may see (status,
-- public, raising organization) from the index alone: a deep page reads no table rows, and
-- counting the visible demands reads the index only.
DROP INDEX demands_by_created;
CREATE INDEX demands_by_created ON demands (created_at, id, status, public, organization_id);
DROP INDEX demands_by_support;
CREATE INDEX demands_by_support ON demands (cosign_count, id, status, public, organization_id);
