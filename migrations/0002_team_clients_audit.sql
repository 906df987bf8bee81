-- Practice settings, member status, the audit trail, clients and cases (individual work and
-- couples). Every tenant table follows the rules of docs/tenancy.md.

ALTER TABLE practices
    ADD COLUMN time_zone text NOT NULL DEFAULT 'UTC',
    ADD COLUMN reminder_window_start time NOT NULL DEFAULT '08:00',
    ADD COLUMN reminder_window_end time NOT NULL DEFAULT '20:00',
    ADD COLUMN quiet_hours_start time NOT NULL DEFAULT '21:00',
    ADD COLUMN quiet_hours_end time NOT NULL DEFAULT '08:00';

-- A deactivated member keeps their history but can no longer act in the practice.
ALTER TABLE memberships
    ADD COLUMN status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'deactivated')),
    ADD COLUMN deactivated_at timestamptz;

CREATE OR REPLACE FUNCTION auth_user_practices(p_user uuid)
    RETURNS TABLE (practice_id uuid, role text, created_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT m.practice_id, m.role, m.created_at FROM memberships m
          WHERE m.user_id = p_user AND m.status = 'active' ORDER BY m.created_at $$;

-- The audit trail: who read or changed what, when, from where. Append-only: the application
-- role may insert and read, never update or delete, and a trigger refuses both for everyone.
CREATE TABLE audit_events (
    practice_id    uuid NOT NULL REFERENCES practices (id),
    id             bigint GENERATED ALWAYS AS IDENTITY,
    occurred_at    timestamptz NOT NULL DEFAULT now(),
    actor_user_id  uuid,
    action         text NOT NULL CHECK (action ~ '^[a-z_]+\.[a-z_]+$'),
    subject_type   text NOT NULL,
    subject_id     text NOT NULL DEFAULT '',
    -- The client concerned, for filtering; no foreign key, so the trail outlives a deletion.
    client_id      uuid,
    ip             text NOT NULL DEFAULT '',
    user_agent     text NOT NULL DEFAULT '',
    detail         jsonb NOT NULL DEFAULT '{}',
    PRIMARY KEY (practice_id, id)
);
CREATE INDEX audit_events_time_idx ON audit_events (practice_id, occurred_at DESC);
CREATE INDEX audit_events_client_idx ON audit_events (practice_id, client_id, occurred_at DESC) WHERE client_id IS NOT NULL;
CREATE INDEX audit_events_actor_idx ON audit_events (practice_id, actor_user_id, occurred_at DESC);
ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_events FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_events_tenant ON audit_events
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END $$;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_events
    FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

CREATE TABLE clients (
    practice_id     uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id              uuid NOT NULL,
    name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    preferred_name  text NOT NULL DEFAULT '',
    pronouns        text NOT NULL DEFAULT '',
    email           text NOT NULL DEFAULT '',
    mobile          text NOT NULL DEFAULT '' CHECK (mobile = '' OR mobile ~ '^\+[1-9][0-9]{6,14}$'),
    time_zone       text NOT NULL,
    consent_email   boolean NOT NULL DEFAULT false,
    consent_sms     boolean NOT NULL DEFAULT false,
    status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    archived_at     timestamptz,
    PRIMARY KEY (practice_id, id)
);
CREATE INDEX clients_list_idx ON clients (practice_id, status, name);

-- Clinicians assigned to a client's individual work.
CREATE TABLE client_clinicians (
    practice_id  uuid NOT NULL,
    client_id    uuid NOT NULL,
    user_id      uuid NOT NULL,
    PRIMARY KEY (practice_id, client_id, user_id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, user_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
CREATE INDEX client_clinicians_user_idx ON client_clinicians (practice_id, user_id);

-- A couple: two clients worked with together. (Individual work is the client record itself.)
CREATE TABLE couples (
    practice_id  uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id           uuid NOT NULL,
    name         text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    status       text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, id)
);

CREATE TABLE couple_partners (
    practice_id  uuid NOT NULL,
    couple_id    uuid NOT NULL,
    client_id    uuid NOT NULL,
    -- The partner's role in trust work, when there is one.
    trust_role   text NOT NULL DEFAULT 'unspecified' CHECK (trust_role IN ('hurt', 'caused_harm', 'unspecified')),
    PRIMARY KEY (practice_id, couple_id, client_id),
    FOREIGN KEY (practice_id, couple_id) REFERENCES couples (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX couple_partners_client_idx ON couple_partners (practice_id, client_id);

-- Clinicians assigned to a couple see both partners.
CREATE TABLE couple_clinicians (
    practice_id  uuid NOT NULL,
    couple_id    uuid NOT NULL,
    user_id      uuid NOT NULL,
    PRIMARY KEY (practice_id, couple_id, user_id),
    FOREIGN KEY (practice_id, couple_id) REFERENCES couples (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, user_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
CREATE INDEX couple_clinicians_user_idx ON couple_clinicians (practice_id, user_id);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['clients', 'client_clinicians', 'couples', 'couple_partners', 'couple_clinicians'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id())', t || '_tenant', t);
        EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO steady_app', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT ON audit_events TO steady_app;
GRANT UPDATE ON practices TO steady_app;
