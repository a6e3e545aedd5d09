-- Drafts started by a signed-in person are theirs: listed for them on any device after sign-in.
-- Anonymous drafts (resume code only) keep NULL.
ALTER TABLE drafts ADD COLUMN applicant TEXT;
CREATE INDEX drafts_applicant ON drafts(applicant);
