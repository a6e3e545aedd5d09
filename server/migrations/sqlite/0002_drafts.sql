-- Drafts keep a citizen's answers between requests when the browser cannot (no JavaScript) and
-- let them resume by code. The token is random and unguessable; drafts expire.
CREATE TABLE drafts (
    token TEXT PRIMARY KEY,
    items TEXT NOT NULL,
    answers TEXT NOT NULL,
    errors TEXT NOT NULL,
    problems TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX drafts_expiry ON drafts(expires_at);
