-- Between-session work: practice templates, assignments with cadences, safety screens,
-- homework links and client sessions, answers and journal entries. Every table here is a
-- tenant table (docs/tenancy.md).

-- Whether a client must set a PIN before past entries are shown on their homework link.
ALTER TABLE practices ADD COLUMN homework_pin_required boolean NOT NULL DEFAULT true;

-- The client's PIN (argon2id), set on their first visit; a clinician can clear it.
ALTER TABLE clients ADD COLUMN pin_hash text NOT NULL DEFAULT '',
                    ADD COLUMN pin_set_at timestamptz;

-- Where a client has lived, so that occurrences already past keep their instants when the
-- client moves time zone (internal/cadence picks the zone for each local day).
CREATE TABLE client_time_zones (
    practice_id     uuid NOT NULL,
    client_id       uuid NOT NULL,
    effective_from  timestamptz NOT NULL,
    time_zone       text NOT NULL,
    PRIMARY KEY (practice_id, client_id, effective_from),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone)
    SELECT practice_id, id, created_at, time_zone FROM clients;

-- A practice's own exercises. Every edit is a new version; assignments name the version they
-- were given, so a later edit never changes what a client was asked.
CREATE TABLE exercise_templates (
    practice_id      uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id               uuid NOT NULL,
    title            text NOT NULL,
    based_on         text NOT NULL DEFAULT '',  -- the library slug it was cloned from, if any
    current_version  integer NOT NULL CHECK (current_version >= 1),
    created_by       uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    archived_at      timestamptz,
    PRIMARY KEY (practice_id, id)
);

CREATE TABLE exercise_template_versions (
    practice_id  uuid NOT NULL,
    template_id  uuid NOT NULL,
    version      integer NOT NULL CHECK (version >= 1),
    definition   jsonb NOT NULL,
    created_by   uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, template_id, version),
    FOREIGN KEY (practice_id, template_id) REFERENCES exercise_templates (practice_id, id) ON DELETE CASCADE
);

-- A clinician's safety screen for a couple, required before trust-repair work is assigned.
CREATE TABLE safety_screens (
    practice_id          uuid NOT NULL,
    id                   uuid NOT NULL,
    couple_id            uuid NOT NULL,
    violence_or_fear     boolean NOT NULL,
    coercive_control     boolean NOT NULL,
    active_addiction     boolean NOT NULL,
    ongoing_contact      boolean NOT NULL,
    -- proceed: trust-repair homework may be assigned; hold: it may not.
    decision             text NOT NULL CHECK (decision IN ('proceed', 'hold')),
    note                 text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    screened_by          uuid REFERENCES users (id) ON DELETE SET NULL,
    screened_at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, couple_id) REFERENCES couples (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX safety_screens_couple_idx ON safety_screens (practice_id, couple_id, screened_at DESC);

-- One exercise given to one client on a cadence. A couple's assignment is one row per partner
-- sharing group_id, so each partner's work stays theirs.
CREATE TABLE assignments (
    practice_id       uuid NOT NULL,
    id                uuid NOT NULL,
    client_id         uuid NOT NULL,
    couple_id         uuid,
    group_id          uuid NOT NULL,
    library_slug      text NOT NULL DEFAULT '',
    template_id       uuid,
    template_version  integer,
    -- The exercise exactly as assigned (internal/exercises.Definition).
    definition        jsonb NOT NULL,
    title             text NOT NULL,
    kind              text NOT NULL CHECK (kind IN ('once', 'daily', 'weekly', 'programme')),
    start_date        date NOT NULL,
    end_date          date,
    -- Weekly: the chosen weekdays as bits, Sunday = 1 << 0 ... Saturday = 1 << 6.
    weekday_mask      smallint NOT NULL DEFAULT 0 CHECK (weekday_mask BETWEEN 0 AND 127),
    days              integer NOT NULL DEFAULT 0,
    at_time           text NOT NULL CHECK (at_time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$'),
    status            text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'paused', 'stopped')),
    -- Closed pauses as [{"from": ..., "to": ...}]; an open one is paused_at.
    pauses            jsonb NOT NULL DEFAULT '[]',
    paused_at         timestamptz,
    stopped_at        timestamptz,
    created_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, couple_id) REFERENCES couples (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, template_id, template_version)
        REFERENCES exercise_template_versions (practice_id, template_id, version),
    CHECK ((template_id IS NULL) = (template_version IS NULL)),
    CHECK ((template_id IS NULL) <> (library_slug = ''))
);
CREATE INDEX assignments_client_idx ON assignments (practice_id, client_id, created_at DESC);
CREATE INDEX assignments_couple_idx ON assignments (practice_id, couple_id) WHERE couple_id IS NOT NULL;

-- One answer per occurrence (the client's local day). The idempotency key makes a double tap
-- or a retried send land once.
CREATE TABLE responses (
    practice_id      uuid NOT NULL,
    id               uuid NOT NULL,
    assignment_id    uuid NOT NULL,
    client_id        uuid NOT NULL,
    occurrence_date  date NOT NULL,
    step             integer NOT NULL DEFAULT 0,
    answers          jsonb NOT NULL,
    idempotency_key  uuid NOT NULL,
    submitted_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, id),
    UNIQUE (practice_id, assignment_id, occurrence_date),
    UNIQUE (practice_id, client_id, idempotency_key),
    FOREIGN KEY (practice_id, assignment_id) REFERENCES assignments (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);

CREATE TABLE journal_entries (
    practice_id      uuid NOT NULL,
    id               uuid NOT NULL,
    client_id        uuid NOT NULL,
    body             text NOT NULL CHECK (length(body) BETWEEN 1 AND 20000),
    idempotency_key  uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, id),
    UNIQUE (practice_id, client_id, idempotency_key),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX journal_entries_client_idx ON journal_entries (practice_id, client_id, created_at DESC);

-- A client's personal homework link. The 256-bit token is stored only as its SHA-256.
-- Rotating revokes the old link and makes a new one; at most one is live per client.
CREATE TABLE homework_links (
    practice_id   uuid NOT NULL,
    id            uuid NOT NULL,
    client_id     uuid NOT NULL,
    token_hash    bytea NOT NULL CHECK (length(token_hash) = 32),
    created_by    uuid REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    revoked_at    timestamptz,
    last_used_at  timestamptz,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX homework_links_token_key ON homework_links (token_hash);
CREATE UNIQUE INDEX homework_links_live_key ON homework_links (practice_id, client_id) WHERE revoked_at IS NULL;

-- The short-lived session a client gets by using their link. Token hashed like the link's.
CREATE TABLE client_sessions (
    practice_id      uuid NOT NULL,
    token_hash       bytea NOT NULL CHECK (length(token_hash) = 32),
    client_id        uuid NOT NULL,
    link_id          uuid NOT NULL,
    created_at       timestamptz NOT NULL DEFAULT now(),
    last_seen_at     timestamptz NOT NULL DEFAULT now(),
    expires_at       timestamptz NOT NULL,
    pin_verified_at  timestamptz,
    PRIMARY KEY (practice_id, token_hash),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, link_id) REFERENCES homework_links (practice_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX client_sessions_token_key ON client_sessions (token_hash);
CREATE INDEX client_sessions_expires_idx ON client_sessions (expires_at);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['client_time_zones', 'exercise_templates', 'exercise_template_versions',
        'safety_screens', 'assignments', 'responses', 'journal_entries', 'homework_links', 'client_sessions'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id())', t || '_tenant', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, UPDATE, DELETE ON client_time_zones, exercise_templates, assignments,
    homework_links, client_sessions TO steady_app;
-- Versions, screens, answers and journal entries are never edited in place.
GRANT SELECT, INSERT, DELETE ON exercise_template_versions, safety_screens, responses, journal_entries TO steady_app;

-- A homework link or a client session is known only by its token before any practice is set.
-- These definer functions are the one narrow path from a token hash to its practice.
CREATE POLICY homework_links_owner_lookup ON homework_links FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY client_sessions_owner_lookup ON client_sessions FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION homework_link_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT l.practice_id FROM homework_links l WHERE l.token_hash = p_hash $$;
CREATE FUNCTION client_session_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT s.practice_id FROM client_sessions s WHERE s.token_hash = p_hash $$;
REVOKE EXECUTE ON FUNCTION homework_link_practice(bytea), client_session_practice(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION homework_link_practice(bytea), client_session_practice(bytea) TO steady_app;

-- The sweep job runs outside any practice; this is its one way to drop client sessions that
-- can no longer be used (idle for an hour or past their end).
CREATE POLICY client_sessions_owner_sweep ON client_sessions FOR DELETE TO CURRENT_USER USING (true);
CREATE FUNCTION client_sessions_sweep(p_now timestamptz) RETURNS bigint
    LANGUAGE sql SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ WITH gone AS (DELETE FROM client_sessions
              WHERE expires_at <= p_now OR last_seen_at <= p_now - interval '1 hour' RETURNING 1)
          SELECT count(*) FROM gone $$;
REVOKE EXECUTE ON FUNCTION client_sessions_sweep(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION client_sessions_sweep(timestamptz) TO steady_app;
