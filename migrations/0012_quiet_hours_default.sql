-- Quiet hours are read in each client's own time, From inclusive and To not: 21:00–08:00
-- refused a 07:00 reminder, a common and reasonable time. New practices keep quiet from 22:00
-- until 07:00, so 07:00 is allowed and 06:59 is not. The default reminder window follows, so
-- the two settings do not contradict each other on a new practice's settings page.
ALTER TABLE practices
    ALTER COLUMN quiet_hours_start SET DEFAULT '22:00',
    ALTER COLUMN quiet_hours_end SET DEFAULT '07:00',
    ALTER COLUMN reminder_window_start SET DEFAULT '07:00',
    ALTER COLUMN reminder_window_end SET DEFAULT '22:00';

-- A practice that has never saved its settings never chose the old hours: it moves to the new
-- ones. Every reminder time set in it was chosen outside 21:00–08:00, so it stays where it is;
-- what changes is that 07:00–08:00 and 21:00–22:00 can now be chosen, and that a reminder
-- falling back to an exercise's due time inside the old hours (07:30, say, which waited until
-- 08:00, after the exercise was due) now goes at that time. A practice that saved its settings
-- (an audited 'settings.update') keeps the hours it saw and kept.
-- Row-level security is forced on the owner too, so the update lifts it for this transaction;
-- on reminder_schedules too, so the practice's trigger can have its schedules worked out again.
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_schedules NO FORCE ROW LEVEL SECURITY;
UPDATE practices p
    SET quiet_hours_start = '22:00', quiet_hours_end = '07:00',
        reminder_window_start = '07:00', reminder_window_end = '22:00'
    WHERE quiet_hours_start = '21:00' AND quiet_hours_end = '08:00'
      AND reminder_window_start = '08:00' AND reminder_window_end = '20:00'
      AND NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.practice_id = p.id AND a.action = 'settings.update');
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_schedules FORCE ROW LEVEL SECURITY;
