-- Measures are scheduled weekly, every two weeks or monthly: assignments learn both.
ALTER TABLE assignments
    ADD COLUMN every_weeks smallint NOT NULL DEFAULT 0 CHECK (every_weeks BETWEEN 0 AND 4),
    DROP CONSTRAINT assignments_kind_check,
    ADD CONSTRAINT assignments_kind_check CHECK (kind IN ('once', 'daily', 'weekly', 'monthly', 'programme'));

-- Scored measures and risk alerts. A score is written with the answer it scores; an alert, and
-- the job that tells the clinicians, in the same transaction, so a rolled-back answer leaves
-- neither behind.
CREATE TABLE scores (
    practice_id    uuid NOT NULL,
    response_id    uuid NOT NULL,
    client_id      uuid NOT NULL,
    assignment_id  uuid NOT NULL,
    instrument     text NOT NULL,
    total          integer NOT NULL CHECK (total >= 0),
    band           text NOT NULL DEFAULT '',
    items          jsonb NOT NULL,
    scored_at      timestamptz NOT NULL,
    PRIMARY KEY (practice_id, response_id),
    FOREIGN KEY (practice_id, response_id) REFERENCES responses (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, assignment_id) REFERENCES assignments (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX scores_client_idx ON scores (practice_id, client_id, instrument, scored_at);

CREATE TABLE risk_alerts (
    practice_id      uuid NOT NULL,
    id               uuid NOT NULL,
    client_id        uuid NOT NULL,
    response_id      uuid NOT NULL,
    instrument       text NOT NULL,
    item             text NOT NULL,
    reason           text NOT NULL,
    status           text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'acknowledged', 'resolved')),
    created_at       timestamptz NOT NULL,
    acknowledged_at  timestamptz,
    acknowledged_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    resolved_at      timestamptz,
    resolved_by      uuid REFERENCES users (id) ON DELETE SET NULL,
    note             text NOT NULL DEFAULT '' CHECK (length(note) <= 2000),
    PRIMARY KEY (practice_id, id),
    FOREIGN KEY (practice_id, response_id) REFERENCES responses (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX risk_alerts_open_idx ON risk_alerts (practice_id, status, created_at DESC);
CREATE INDEX risk_alerts_client_idx ON risk_alerts (practice_id, client_id, created_at DESC);

DO $$
DECLARE t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['scores', 'risk_alerts'] LOOP
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
        EXECUTE format('CREATE POLICY %I ON %I USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id())', t || '_tenant', t);
    END LOOP;
END $$;

GRANT SELECT, INSERT, DELETE ON scores TO steady_app;
GRANT SELECT, INSERT, UPDATE ON risk_alerts TO steady_app;
