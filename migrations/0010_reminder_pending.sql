-- A reminder storm is sent one message per job, so each job's work is kept to a read and two
-- short writes. The dispatcher now writes each message's delivery row ('pending') with its job,
-- in bulk, and the row carries the message's link token itself, instead of a second table
-- written one row at a time as each message goes out.

-- link_id names the homework link the token leads to. It has no foreign key (a lookup and a
-- lock on the link's row for every row written): a token is honoured only while the link it
-- names is live, which is checked when it is used.
ALTER TABLE reminder_deliveries
    ADD COLUMN token_hash bytea CHECK (length(token_hash) = 32),
    ADD COLUMN link_id uuid;
CREATE UNIQUE INDEX reminder_deliveries_token_key ON reminder_deliveries (token_hash);

-- Row-level security is forced on the owner too, so the copy lifts it for this transaction.
ALTER TABLE reminder_deliveries NO FORCE ROW LEVEL SECURITY;
ALTER TABLE reminder_links NO FORCE ROW LEVEL SECURITY;
UPDATE reminder_deliveries d SET token_hash = l.token_hash, link_id = l.link_id
    FROM reminder_links l WHERE l.practice_id = d.practice_id AND l.delivery_id = d.id;
ALTER TABLE reminder_deliveries FORCE ROW LEVEL SECURITY;

-- A reminder's token leads to its practice the way a link's does.
CREATE POLICY reminder_deliveries_owner_lookup ON reminder_deliveries FOR SELECT TO CURRENT_USER USING (true);
CREATE OR REPLACE FUNCTION homework_link_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT practice_id FROM homework_links WHERE token_hash = p_hash
          UNION ALL SELECT practice_id FROM reminder_deliveries WHERE token_hash = p_hash LIMIT 1 $$;
DROP TABLE reminder_links;

-- The sender changes a row's status twice ('sending', then 'sent'); room on each page lets
-- those updates stay on the page (HOT), with no new index entries.
ALTER TABLE reminder_deliveries SET (fillfactor = 70);

-- The dispatcher walks one practice's due schedules in (time, assignment) order, resuming
-- after the last row it took: each batch starts where the last stopped, instead of stepping
-- again over every row already advanced (dead index entries until vacuum) or over other
-- practices' rows.
DROP INDEX reminder_schedules_due_idx;
CREATE INDEX reminder_schedules_due_idx ON reminder_schedules (practice_id, next_fire_at, assignment_id)
    WHERE next_fire_at IS NOT NULL;
CREATE OR REPLACE FUNCTION reminders_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT p.id FROM practices p WHERE EXISTS (SELECT 1 FROM reminder_schedules s
          WHERE s.practice_id = p.id AND s.next_fire_at <= p_now) $$;
