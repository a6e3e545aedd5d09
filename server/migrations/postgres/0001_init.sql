-- Catalog versions as published: the full JSON, keyed by its content hash, so loading is idempotent.
CREATE TABLE catalog_versions (
    hash TEXT PRIMARY KEY,
    version TEXT NOT NULL,
    body TEXT NOT NULL,
    loaded_at BIGINT NOT NULL
);

CREATE TABLE departments (
    id TEXT PRIMARY KEY,
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL
);

CREATE TABLE service_items (
    id TEXT PRIMARY KEY,
    department_id TEXT NOT NULL REFERENCES departments(id),
    name_zh TEXT NOT NULL,
    name_en TEXT NOT NULL,
    committed_days BIGINT NOT NULL,
    statutory_days BIGINT
);

-- One row per submission; answers are only those the merged form asked or derived.
CREATE TABLE applications (
    number TEXT PRIMARY KEY,
    idempotency_key TEXT NOT NULL UNIQUE,
    catalog_hash TEXT NOT NULL REFERENCES catalog_versions(hash),
    items TEXT NOT NULL,
    answers TEXT NOT NULL,
    applicant_masked TEXT NOT NULL,
    submitted_on TEXT NOT NULL,
    due_on TEXT NOT NULL,
    created_at BIGINT NOT NULL
);

-- One row per item, routed to the item's department, decided in parallel with its own deadline.
-- It holds only the fields and materials that item declares (data minimisation).
CREATE TABLE parts (
    id TEXT PRIMARY KEY,
    application_number TEXT NOT NULL REFERENCES applications(number),
    position BIGINT NOT NULL,
    department_id TEXT NOT NULL REFERENCES departments(id),
    item_id TEXT NOT NULL REFERENCES service_items(id),
    fields TEXT NOT NULL,
    materials TEXT NOT NULL,
    status TEXT NOT NULL,
    due_on TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX parts_by_department ON parts(department_id, status);
CREATE INDEX parts_by_application ON parts(application_number);

-- Dispatch to departments goes through an outbox written in the same transaction as the parts,
-- so a part is never stored without its delivery, nor delivered without being stored.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    part_id TEXT NOT NULL REFERENCES parts(id),
    department_id TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    delivered_at BIGINT
);

CREATE TABLE audit_log (
    id TEXT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT NOT NULL
);
