-- A delivery row's key named its assignment (0032), so each row the dispatcher wrote took a
-- KEY SHARE lock on the assignment's row. An assignment row carries the exercise's whole
-- definition, a few rows to a page: a storm of 100,000 reminders wrote its lock into 25,000
-- pages no other part of the storm changes, each page's first change after a checkpoint as a
-- full-page image (about half of the storm's WAL), and left them dirty for the buffer pool to
-- write out.
--
-- The row's key now names its schedule, the row the same transaction has just advanced: its
-- lock goes into a page already changed, with no image and no page of its own to write. The
-- schedule carries its assignment's client, keyed to the assignment on the pair as the answers
-- are (0031), so the delivery's client is still its assignment's client. A schedule lives as
-- long as its assignment (made by the assignment's trigger, removed with it), and deleting an
-- assignment or a client still takes its deliveries, through the schedule.
ALTER TABLE reminder_schedules ADD COLUMN client_id uuid;
ALTER TABLE reminder_schedules NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
UPDATE reminder_schedules s SET client_id = a.client_id
    FROM assignments a WHERE a.practice_id = s.practice_id AND a.id = s.assignment_id;
ALTER TABLE reminder_schedules ALTER COLUMN client_id SET NOT NULL;

-- The triple is the key: an assignment has one client, so it still has one schedule.
ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_assignment_client_fkey;
ALTER TABLE reminder_schedules
    DROP CONSTRAINT reminder_schedules_practice_id_assignment_id_fkey,
    DROP CONSTRAINT reminder_schedules_pkey,
    ADD PRIMARY KEY (practice_id, assignment_id, client_id),
    ADD CONSTRAINT reminder_schedules_assignment_client_fkey FOREIGN KEY (practice_id, assignment_id, client_id)
        REFERENCES assignments (practice_id, id, client_id) ON DELETE CASCADE;
-- The new keys check the stored rows with row-level security still not forced, as the fill
-- does (0031 says why).
ALTER TABLE reminder_deliveries NO FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_deliveries
    ADD CONSTRAINT reminder_deliveries_schedule_fkey FOREIGN KEY (practice_id, assignment_id, client_id)
        REFERENCES reminder_schedules (practice_id, assignment_id, client_id) ON DELETE CASCADE;
ALTER TABLE reminder_deliveries FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_schedules FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION reminder_schedules_recompute() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO reminder_schedules (practice_id, assignment_id, client_id, next_fire_at)
        VALUES (NEW.practice_id, NEW.id, NEW.client_id, '-infinity')
        ON CONFLICT (practice_id, assignment_id, client_id) DO UPDATE
            SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL;
    RETURN NULL;
END $$;
