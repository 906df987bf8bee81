-- Alert rules (issue 16): the practice's rules for telling a clinician about a client, with
-- a clinician's own overrides, and each rule's alerts, one per episode.

-- clinician_id is the nil uuid for the practice's own rules, else the clinician whose override
-- it is. A NULL threshold turns that rule off.
CREATE TABLE alert_rules (
    practice_id         uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    clinician_id        uuid NOT NULL,
    missed_in_row       smallint CHECK (missed_in_row BETWEEN 2 AND 30),
    silent_days         smallint CHECK (silent_days BETWEEN 2 AND 28),
    deterioration       boolean NOT NULL,
    programme_completed boolean NOT NULL,
    email               boolean NOT NULL,
    updated_at          timestamptz NOT NULL,
    PRIMARY KEY (practice_id, clinician_id)
);

-- One alert per episode: while a rule keeps holding for a client its alert stays open (the
-- unique index), and a new one is made only after it stopped holding and holds again. A
-- programme's completion is its own episode, named by the programme and the day.
CREATE TABLE rule_alerts (
    practice_id  uuid NOT NULL,
    id           uuid NOT NULL,
    client_id    uuid NOT NULL,
    clinician_id uuid NOT NULL,
    rule         text NOT NULL CHECK (rule IN ('missed_in_row', 'silent', 'deterioration', 'programme_completed')),
    episode      text NOT NULL DEFAULT '',
    detail       text NOT NULL, -- in words, for the dashboard; never in an email
    opened_at    timestamptz NOT NULL,
    closed_at    timestamptz,
    seen_at      timestamptz,
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, clinician_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX rule_alerts_open_idx ON rule_alerts (practice_id, client_id, clinician_id, rule)
    WHERE closed_at IS NULL;
CREATE UNIQUE INDEX rule_alerts_episode_idx ON rule_alerts (practice_id, client_id, clinician_id, rule, episode)
    WHERE episode <> '';
CREATE INDEX rule_alerts_clinician_idx ON rule_alerts (practice_id, clinician_id, opened_at DESC);

ALTER TABLE alert_rules ENABLE ROW LEVEL SECURITY;
ALTER TABLE alert_rules FORCE ROW LEVEL SECURITY;
CREATE POLICY alert_rules_tenant ON alert_rules
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
ALTER TABLE rule_alerts ENABLE ROW LEVEL SECURITY;
ALTER TABLE rule_alerts FORCE ROW LEVEL SECURITY;
CREATE POLICY rule_alerts_tenant ON rule_alerts
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE ON alert_rules, rule_alerts TO steady_app;

-- The periodic evaluation runs outside any practice; this is its one way to list them.
CREATE FUNCTION alert_rule_practices() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT p.id FROM practices p ORDER BY p.id $$;
REVOKE EXECUTE ON FUNCTION alert_rule_practices() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION alert_rule_practices() TO steady_app;
