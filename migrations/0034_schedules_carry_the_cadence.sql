-- A reminder read its assignment twice, the dispatcher for its next firing and the sender at
-- send time, each only for the cadence and the reminder settings. An assignment row carries
-- the exercise's whole definition too, four rows to a page: in a storm of 100,000 reminders
-- the assignments (195 MB) did not fit in the buffer pool beside the rest, and almost every
-- one of those reads was a page read from outside it, with a page written out to make room.
--
-- The schedule now carries a copy of those columns, written by the trigger that already
-- works the schedule out again on each insert and update of its assignment, in the same
-- transaction: a reader sees the copy exactly as it sees the assignment. The storm reads the
-- schedules (about 150 bytes a row) and never the assignments.
ALTER TABLE reminder_schedules
    ADD COLUMN cadence_kind     text,
    ADD COLUMN start_date       date,
    ADD COLUMN end_date         date,
    ADD COLUMN weekday_mask     smallint,
    ADD COLUMN every_weeks      smallint,
    ADD COLUMN days             integer,
    ADD COLUMN at_time          text,
    ADD COLUMN status           text,
    ADD COLUMN pauses           jsonb,
    ADD COLUMN paused_at        timestamptz,
    ADD COLUMN stopped_at       timestamptz,
    ADD COLUMN reminder_channel text,
    ADD COLUMN reminder_at      text,
    ADD COLUMN reminder_nudge   boolean;

ALTER TABLE reminder_schedules NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
UPDATE reminder_schedules s SET cadence_kind = a.kind, start_date = a.start_date, end_date = a.end_date,
        weekday_mask = a.weekday_mask, every_weeks = a.every_weeks, days = a.days, at_time = a.at_time,
        status = a.status, pauses = a.pauses, paused_at = a.paused_at, stopped_at = a.stopped_at,
        reminder_channel = a.reminder_channel, reminder_at = a.reminder_at, reminder_nudge = a.reminder_nudge
    FROM assignments a WHERE a.practice_id = s.practice_id AND a.id = s.assignment_id;
ALTER TABLE reminder_schedules FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;

ALTER TABLE reminder_schedules
    ALTER COLUMN cadence_kind SET NOT NULL,
    ALTER COLUMN start_date SET NOT NULL,
    ALTER COLUMN weekday_mask SET NOT NULL,
    ALTER COLUMN every_weeks SET NOT NULL,
    ALTER COLUMN days SET NOT NULL,
    ALTER COLUMN at_time SET NOT NULL,
    ALTER COLUMN status SET NOT NULL,
    ALTER COLUMN pauses SET NOT NULL,
    ALTER COLUMN reminder_channel SET NOT NULL,
    ALTER COLUMN reminder_nudge SET NOT NULL;

CREATE OR REPLACE FUNCTION reminder_schedules_recompute() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO reminder_schedules (practice_id, assignment_id, client_id, next_fire_at,
            cadence_kind, start_date, end_date, weekday_mask, every_weeks, days, at_time, status, pauses,
            paused_at, stopped_at, reminder_channel, reminder_at, reminder_nudge)
        VALUES (NEW.practice_id, NEW.id, NEW.client_id, '-infinity',
            NEW.kind, NEW.start_date, NEW.end_date, NEW.weekday_mask, NEW.every_weeks, NEW.days, NEW.at_time,
            NEW.status, NEW.pauses, NEW.paused_at, NEW.stopped_at, NEW.reminder_channel, NEW.reminder_at,
            NEW.reminder_nudge)
        ON CONFLICT (practice_id, assignment_id, client_id) DO UPDATE
            SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL,
                cadence_kind = excluded.cadence_kind, start_date = excluded.start_date,
                end_date = excluded.end_date, weekday_mask = excluded.weekday_mask,
                every_weeks = excluded.every_weeks, days = excluded.days, at_time = excluded.at_time,
                status = excluded.status, pauses = excluded.pauses, paused_at = excluded.paused_at,
                stopped_at = excluded.stopped_at, reminder_channel = excluded.reminder_channel,
                reminder_at = excluded.reminder_at, reminder_nudge = excluded.reminder_nudge;
    RETURN NULL;
END $$;
