-- A reminder's delivery row named its assignment and its client in two keys, as answers did
-- before 0031: two lookups on insert, and two KEY SHARE row locks, each written into its row's
-- page and the WAL. A storm of 100,000 reminders took 200,000 of them. One key on the pair
-- says more with one lock: the delivery's client is its assignment's client. Deleting a
-- client still takes their deliveries, through their assignments.
-- A new key checks the rows already stored as the schema's owner, whom forced row-level
-- security shows no practice's rows: with it forced, the check would read nothing, or fail on a
-- table whose rows the owner may read. It is added with row-level security not forced.
ALTER TABLE reminder_deliveries NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_deliveries
    ADD CONSTRAINT reminder_deliveries_assignment_client_fkey FOREIGN KEY (practice_id, assignment_id, client_id)
        REFERENCES assignments (practice_id, id, client_id) ON DELETE CASCADE,
    DROP CONSTRAINT reminder_deliveries_practice_id_assignment_id_fkey,
    DROP CONSTRAINT reminder_deliveries_practice_id_client_id_fkey;
ALTER TABLE reminder_deliveries FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
