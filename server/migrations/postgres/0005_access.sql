-- Access: sessions, staff accounts, sign-in codes and the limiter for lookups by token or code.

-- A session is known by the SHA-256 of its id; the id itself lives only in the browser's
-- HttpOnly cookie, so a copy of this table opens nothing. `subject` owns drafts and
-- applications; `identity` is what the identity service vouched for at sign-in, sealed (AEAD).
CREATE TABLE sessions (
    id_hash TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    identity TEXT,
    staff_id TEXT,
    created_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    idle_until BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expires_at);
CREATE INDEX sessions_staff ON sessions(staff_id);

-- Staff sign in with a password hashed with argon2id (the PHC string holds salt and parameters).
CREATE TABLE staff (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL,
    department_id TEXT,
    password_hash TEXT NOT NULL,
    active BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

-- A sign-in by mobile number waiting for its one-time code: keyed by the hash of the attempt id
-- held in the browser's cookie; the code is stored hashed; a few tries, a few minutes.
CREATE TABLE sign_in_codes (
    attempt_hash TEXT PRIMARY KEY,
    phone_sealed TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    tries BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

-- Failed lookups by token or code per client and kind, in fixed windows: one table, so every
-- instance on one database counts the same attempts.
CREATE TABLE lookup_failures (
    scope TEXT NOT NULL,
    client TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    failures BIGINT NOT NULL,
    PRIMARY KEY (scope, client)
);

-- Drafts were keyed by their resume code, a bearer secret that travelled in URLs. Now a draft
-- has a handle (random, useless without the owner's session) and its resume code is stored
-- hashed for lookup and sealed for showing to its owner. Drafts are short-lived working copies;
-- the old ones cannot be carried over without an owner, so they go.
DELETE FROM draft_materials;
DELETE FROM drafts;
ALTER TABLE drafts RENAME COLUMN applicant TO owner;
ALTER TABLE drafts ADD COLUMN code_hash TEXT;
ALTER TABLE drafts ADD COLUMN code_sealed TEXT;
CREATE UNIQUE INDEX drafts_code ON drafts(code_hash);

-- Who submitted: the session subject that may see the receipt. The keyed hash of the applicant's
-- ID number lets staff find an application without the number being stored in the clear.
ALTER TABLE applications ADD COLUMN owner TEXT;
ALTER TABLE applications ADD COLUMN applicant_key TEXT;
CREATE INDEX applications_owner ON applications(owner);
CREATE INDEX applications_applicant ON applications(applicant_key);
