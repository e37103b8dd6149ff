-- Organizations: register units (Land, Kreis, Gemeindeverband, Gemeinde) and committee bodies.
CREATE TABLE organizations (
    id INTEGER PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('land', 'kreis', 'gemeindeverband', 'gemeinde',
                                       'association', 'body', 'it_service_provider')),
    kind_rank INTEGER NOT NULL,
    designation INTEGER,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    -- name (and short name) folded by domain::text::fold_for_search
    search_name TEXT NOT NULL,
    short_name TEXT,
    -- stable key of organizations that are not in the register (fitko, kgst …)
    slug TEXT UNIQUE,
    ags TEXT,
    ars TEXT UNIQUE,
    parent_id INTEGER REFERENCES organizations (id),
    land_id INTEGER REFERENCES organizations (id),
    gemeindeverband_id INTEGER REFERENCES organizations (id),
    population INTEGER,
    area_km2 REAL,
    postal_code TEXT,
    longitude REAL,
    latitude REAL,
    website TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now')),
    updated_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
);

CREATE INDEX organizations_by_rank_name ON organizations (kind_rank, search_name, id);
CREATE INDEX organizations_by_parent ON organizations (parent_id);
CREATE INDEX organizations_by_land ON organizations (land_id);
CREATE INDEX organizations_by_gemeindeverband ON organizations (gemeindeverband_id);
CREATE INDEX organizations_by_ags ON organizations (ags);
