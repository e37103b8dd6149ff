-- The e-mail setting is stored in English like every other stored value ('sofort', 'taeglich',
-- 'keine' become 'immediate', 'daily', 'none'); the German words stay in the UI. A new column
-- with its own check replaces the old one, because SQLite cannot change a column's check.
ALTER TABLE users ADD COLUMN demand_mail_setting TEXT NOT NULL DEFAULT 'immediate'
    CHECK (demand_mail_setting IN ('immediate', 'daily', 'none'));
UPDATE users SET demand_mail_setting = CASE demand_mail
    WHEN 'taeglich' THEN 'daily'
    WHEN 'keine' THEN 'none'
    ELSE 'immediate'
END;
ALTER TABLE users DROP COLUMN demand_mail;
ALTER TABLE users RENAME COLUMN demand_mail_setting TO demand_mail;
