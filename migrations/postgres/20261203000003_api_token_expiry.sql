-- A token may end by itself (chosen when it is made); existing tokens keep working until they
-- are revoked or their person's password changes.
ALTER TABLE api_tokens ADD COLUMN expires_at TIMESTAMPTZ;
