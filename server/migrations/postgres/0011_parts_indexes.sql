-- `parts_by_department (department_id, status)` is the first two columns of
-- `parts_queue_by_status (department_id, status, due_on, id)`, which answers everything it did;
-- every submission wrote an entry for each part into both.
DROP INDEX parts_by_department;
