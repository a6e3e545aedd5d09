-- Back office: parts that move through review, their history, notifications for citizens, and
-- an audit log that no code path can change.

-- A part's workflow state. `version` grows with every change: an action names the version it
-- was decided on, so of two reviewers acting at once one wins and the other is told.
ALTER TABLE parts ADD COLUMN version BIGINT NOT NULL DEFAULT 0;
ALTER TABLE parts ADD COLUMN committed_days BIGINT NOT NULL DEFAULT 0;
-- Item ids of the same application that must be approved first (JSON list).
ALTER TABLE parts ADD COLUMN depends_on TEXT NOT NULL DEFAULT '[]';
ALTER TABLE parts ADD COLUMN accepted BIGINT NOT NULL DEFAULT 0;
-- The working-day clock: running since `clock_from` (NULL while stopped), plus days used before.
ALTER TABLE parts ADD COLUMN clock_from TEXT;
ALTER TABLE parts ADD COLUMN days_used BIGINT NOT NULL DEFAULT 0;
-- The open correction request (JSON: fields, materials, reason), while the citizen corrects.
ALTER TABLE parts ADD COLUMN correction TEXT;
-- The decision: its reference (approved) or reason (refused), and the day it was made.
ALTER TABLE parts ADD COLUMN outcome TEXT;
ALTER TABLE parts ADD COLUMN decided_on TEXT;
-- Queues page through a department's parts earliest deadline first, all or by status or by item:
-- each order is an index walk, never a sort of the whole department.
CREATE INDEX parts_queue ON parts(department_id, due_on, id);
CREATE INDEX parts_queue_by_status ON parts(department_id, status, due_on, id);
CREATE INDEX parts_queue_by_item ON parts(department_id, item_id, due_on, id);
-- The counts at the top of a queue filtered by item, read from the index alone.
CREATE INDEX parts_counts_by_item ON parts(department_id, item_id, status, due_on);

-- How the application came in: online by the citizen, or at a counter (窗口) by window staff.
ALTER TABLE applications ADD COLUMN channel TEXT NOT NULL DEFAULT 'online';
ALTER TABLE applications ADD COLUMN entered_by TEXT;

-- At the counter (一窗受理), window staff may mark a material as "original seen at the counter"
-- instead of uploading a copy.
CREATE TABLE draft_counter_checks (
    draft_token TEXT NOT NULL REFERENCES drafts(token) ON DELETE CASCADE,
    material_key TEXT NOT NULL,
    staff_id TEXT NOT NULL,
    PRIMARY KEY (draft_token, material_key)
);

-- Who did what to a part, in words the citizen may read (no staff names: a role and a department).
CREATE TABLE part_events (
    id TEXT PRIMARY KEY,
    part_id TEXT NOT NULL REFERENCES parts(id),
    at BIGINT NOT NULL,
    on_day TEXT NOT NULL,
    action TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT NOT NULL,
    -- The reason or reference given, shown to the applicant and staff (never on the public
    -- tracking page, which anyone with the number can open).
    note TEXT NOT NULL
);
CREATE INDEX part_events_by_part ON part_events(part_id, at);

-- What the citizen is told when a part changes: shown on their pages, and sent by SMS where a
-- sender is configured.
CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    application_number TEXT NOT NULL,
    at BIGINT NOT NULL,
    message_zh TEXT NOT NULL,
    message_en TEXT NOT NULL
);
CREATE INDEX notifications_by_owner ON notifications(owner, at);

-- E-certificates issued by approvals (an item that produces a decision or licence): the person
-- whose ID number (keyed hash) holds one is exempt from handing that material in again.
CREATE TABLE issued_certificates (
    holder_key TEXT NOT NULL,
    material_key TEXT NOT NULL,
    part_id TEXT NOT NULL,
    issued_at BIGINT NOT NULL,
    PRIMARY KEY (holder_key, material_key)
);

-- The audit log records who (and in which role, from where) did what, before → after.
ALTER TABLE audit_log ADD COLUMN role TEXT;
ALTER TABLE audit_log ADD COLUMN client TEXT;
CREATE INDEX audit_by_subject ON audit_log(subject, at);

-- Append-only, enforced by the database as well as by the code (which has no UPDATE or DELETE
-- for these tables).
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
CREATE TRIGGER part_events_no_update BEFORE UPDATE ON part_events
BEGIN SELECT RAISE(ABORT, 'part_events is append-only'); END;
CREATE TRIGGER part_events_no_delete BEFORE DELETE ON part_events
BEGIN SELECT RAISE(ABORT, 'part_events is append-only'); END;
