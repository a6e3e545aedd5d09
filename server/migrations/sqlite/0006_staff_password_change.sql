-- A password someone else chose (the first administrator's, one an administrator set, one the
-- command line made) is for one sign-in: its holder must choose their own before anything else.
ALTER TABLE staff ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;
