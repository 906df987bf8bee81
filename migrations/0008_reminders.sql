-- Reminders (internal/reminders, docs/reminders.md): each assignment's settings, the client's
-- own choices, an index of each assignment's next firing, the deliveries made, and the
-- per-message tokens that lead to the client's homework link.

ALTER TABLE assignments
    ADD COLUMN reminder_channel text NOT NULL DEFAULT 'email'
        CHECK (reminder_channel IN ('email', 'sms', 'both', 'none')),
    -- The client's local time of day; NULL means the assignment's own time (at_time).
    ADD COLUMN reminder_at text CHECK (reminder_at IS NULL OR reminder_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    ADD COLUMN reminder_nudge boolean NOT NULL DEFAULT true;

-- What a client chose from their link, for all their reminders.
CREATE TABLE reminder_preferences (
    practice_id            uuid NOT NULL,
    client_id              uuid NOT NULL,
    preferred_at           text CHECK (preferred_at IS NULL OR preferred_at ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    paused_until           timestamptz,
    off                    boolean NOT NULL DEFAULT false,
    email_unsubscribed_at  timestamptz,
    updated_at             timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, client_id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);

-- Each assignment's next firing: the dispatcher's index. next_fire_at NULL means nothing more
-- to send; occurrence_date NULL with a time means "work out the next firing" (a trigger sets
-- '-infinity' when something that shapes it changes).
CREATE TABLE reminder_schedules (
    practice_id      uuid NOT NULL,
    assignment_id    uuid NOT NULL,
    next_fire_at     timestamptz,
    occurrence_date  date,
    kind             text CHECK (kind IN ('reminder', 'nudge')),
    PRIMARY KEY (practice_id, assignment_id),
    FOREIGN KEY (practice_id, assignment_id) REFERENCES assignments (practice_id, id) ON DELETE CASCADE,
    CHECK ((occurrence_date IS NULL) = (kind IS NULL))
);
CREATE INDEX reminder_schedules_due_idx ON reminder_schedules (next_fire_at) WHERE next_fire_at IS NOT NULL;

-- One row per message and channel: checked and locked before sending, so a retried job never
-- sends twice; the clinician's delivery log.
CREATE TABLE reminder_deliveries (
    practice_id      uuid NOT NULL,
    id               uuid NOT NULL,
    client_id        uuid NOT NULL,
    assignment_id    uuid NOT NULL,
    occurrence_date  date NOT NULL,
    kind             text NOT NULL CHECK (kind IN ('reminder', 'nudge')),
    channel          text NOT NULL CHECK (channel IN ('email', 'sms')),
    status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed', 'skipped')),
    reason           text NOT NULL DEFAULT '',
    attempts         integer NOT NULL DEFAULT 0,
    created_at       timestamptz NOT NULL DEFAULT now(),
    sent_at          timestamptz,
    PRIMARY KEY (practice_id, id),
    UNIQUE (practice_id, assignment_id, occurrence_date, kind, channel),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, assignment_id) REFERENCES assignments (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX reminder_deliveries_client_idx ON reminder_deliveries (practice_id, client_id, created_at DESC);

-- A message's own token (stored as its hash) for the client's homework link: it works while
-- the link does, and is what a one-click unsubscribe names.
CREATE TABLE reminder_links (
    practice_id  uuid NOT NULL,
    token_hash   bytea NOT NULL CHECK (length(token_hash) = 32),
    link_id      uuid NOT NULL,
    client_id    uuid NOT NULL,
    delivery_id  uuid NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (practice_id, token_hash),
    FOREIGN KEY (practice_id, link_id) REFERENCES homework_links (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, delivery_id) REFERENCES reminder_deliveries (practice_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX reminder_links_token_key ON reminder_links (token_hash);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['reminder_preferences', 'reminder_schedules', 'reminder_deliveries', 'reminder_links'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id())', t || '_tenant', t);
    END LOOP;
END $$;
GRANT SELECT, INSERT, UPDATE ON reminder_preferences, reminder_schedules, reminder_deliveries TO steady_app;
GRANT SELECT, INSERT ON reminder_links TO steady_app;

-- Every assignment gets a schedule to work out; so does every later one, and any change to
-- what shapes its firings asks for it to be worked out again.
ALTER TABLE reminder_schedules NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
INSERT INTO reminder_schedules (practice_id, assignment_id, next_fire_at)
    SELECT practice_id, id, '-infinity' FROM assignments;
ALTER TABLE reminder_schedules FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;

CREATE FUNCTION reminder_schedules_recompute() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO reminder_schedules (practice_id, assignment_id, next_fire_at)
        SELECT DISTINCT practice_id, id, '-infinity'::timestamptz FROM new_rows
        ON CONFLICT (practice_id, assignment_id) DO UPDATE
            SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL;
    RETURN NULL;
END $$;
CREATE TRIGGER assignments_reminders_insert AFTER INSERT ON assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute();
CREATE TRIGGER assignments_reminders_update AFTER UPDATE ON assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute();

-- A client's move, choices or status reshape all their assignments' firings.
CREATE FUNCTION reminder_schedules_recompute_client() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE reminder_schedules s SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL
        FROM assignments a, (SELECT DISTINCT practice_id, client_id FROM new_rows) c
        WHERE a.practice_id = c.practice_id AND a.client_id = c.client_id
          AND s.practice_id = a.practice_id AND s.assignment_id = a.id;
    RETURN NULL;
END $$;
CREATE TRIGGER client_time_zones_reminders_insert AFTER INSERT ON client_time_zones
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute_client();
CREATE TRIGGER client_time_zones_reminders_update AFTER UPDATE ON client_time_zones
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute_client();
CREATE TRIGGER reminder_preferences_insert AFTER INSERT ON reminder_preferences
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute_client();
CREATE TRIGGER reminder_preferences_update AFTER UPDATE ON reminder_preferences
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION reminder_schedules_recompute_client();

CREATE FUNCTION reminder_schedules_client_status() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE reminder_schedules s SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL
        FROM assignments a WHERE a.practice_id = NEW.practice_id AND a.client_id = NEW.id
          AND s.practice_id = a.practice_id AND s.assignment_id = a.id;
    RETURN NULL;
END $$;
CREATE TRIGGER clients_reminders AFTER UPDATE OF status ON clients
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION reminder_schedules_client_status();

-- Quiet hours are the practice's: a change reshapes every schedule in it.
CREATE FUNCTION reminder_schedules_recompute_practice() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.quiet_hours_start IS DISTINCT FROM OLD.quiet_hours_start
       OR NEW.quiet_hours_end IS DISTINCT FROM OLD.quiet_hours_end THEN
        UPDATE reminder_schedules SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL
            WHERE practice_id = NEW.id;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER practices_reminders AFTER UPDATE ON practices
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute_practice();

-- The dispatcher runs outside any practice; this is its one way to learn which practices have
-- firings due. It returns practice ids only.
CREATE POLICY reminder_schedules_owner_due ON reminder_schedules FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION reminders_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT practice_id FROM reminder_schedules WHERE next_fire_at <= p_now $$;
REVOKE EXECUTE ON FUNCTION reminders_due_practices(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION reminders_due_practices(timestamptz) TO steady_app;

-- A reminder's token leads to its practice the way a link's does.
CREATE POLICY reminder_links_owner_lookup ON reminder_links FOR SELECT TO CURRENT_USER USING (true);
CREATE OR REPLACE FUNCTION homework_link_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT practice_id FROM homework_links WHERE token_hash = p_hash
          UNION ALL SELECT practice_id FROM reminder_links WHERE token_hash = p_hash LIMIT 1 $$;
