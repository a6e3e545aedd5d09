-- The working-day calendar as data: one row per year's holiday notice (its holidays and make-up
-- working days as JSON, as `catalog/calendar.json` writes a year). Administrators add and
-- correct years without a rebuild; the notices the product ships with are loaded on start for
-- the years not here yet, so an administrator's correction is never overwritten.
CREATE TABLE calendar_years (
    year INTEGER PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at BIGINT NOT NULL,
    -- "<staff id> (<role>)" of the administrator, or "seed".
    updated_by TEXT NOT NULL
);
