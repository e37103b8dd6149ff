-- A person's own settings: e-mail about followed demands (each change, a daily digest, none),
-- when the last digest went out, and consent to publishing name and memberships (OParl).
ALTER TABLE users ADD COLUMN demand_mail TEXT NOT NULL DEFAULT 'sofort'
    CHECK (demand_mail IN ('sofort', 'taeglich', 'keine'));
ALTER TABLE users ADD COLUMN digest_sent_at TEXT;
ALTER TABLE users ADD COLUMN publish_consent INTEGER NOT NULL DEFAULT 0
    CHECK (publish_consent IN (0, 1));
