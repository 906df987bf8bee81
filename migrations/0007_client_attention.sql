-- What the caseload overview orders by, kept per client. Recomputing every client's
-- occurrences on each read costs a few queries per client, far too slow for a practice of
-- thousands; this table makes the overview one indexed read (docs/benchmarks.md).
--
-- open_alerts is exact at all times: a trigger on risk_alerts keeps it, in the transaction of
-- the alert. missed_streak and worsening are computed in Go (internal/progress/attention.go)
-- from occurrences and scores; triggers mark the row stale when an answer, an assignment or a
-- time zone changes, and stale_after also holds the next instant an occurrence closes, when a
-- streak can grow with no write at all. Stale rows are refreshed by the caseload read (a few)
-- and by a periodic job (all).
CREATE TABLE client_attention (
    practice_id    uuid NOT NULL,
    client_id      uuid NOT NULL,
    open_alerts    integer NOT NULL DEFAULT 0 CHECK (open_alerts >= 0),
    missed_streak  integer NOT NULL DEFAULT 0 CHECK (missed_streak >= 0),
    -- Measures worse by a reliable change: [{"instrument": "phq9", "first": 6, "latest": 15}].
    worsening      jsonb NOT NULL DEFAULT '[]',
    -- Any open alert outranks any streak; any streak outranks a worse score.
    rank           bigint GENERATED ALWAYS AS (open_alerts::bigint * 1000000
                       + least(missed_streak, 999) * 1000 + jsonb_array_length(worsening)) STORED,
    stale_after    timestamptz NOT NULL DEFAULT '-infinity',
    refreshed_at   timestamptz,
    PRIMARY KEY (practice_id, client_id),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE
);
CREATE INDEX client_attention_rank_idx ON client_attention (practice_id, rank DESC, client_id);
CREATE INDEX client_attention_stale_idx ON client_attention (stale_after);

-- Row-level security is forced on the owner too, so backfills lift it for this transaction.
-- (0005's backfill of client_time_zones ran under it and saw no clients: it is redone here.)
ALTER TABLE clients NO FORCE ROW LEVEL SECURITY;
ALTER TABLE risk_alerts NO FORCE ROW LEVEL SECURITY;
ALTER TABLE client_time_zones NO FORCE ROW LEVEL SECURITY;
INSERT INTO client_time_zones (practice_id, client_id, effective_from, time_zone)
    SELECT practice_id, id, created_at, time_zone FROM clients c
    WHERE NOT EXISTS (SELECT 1 FROM client_time_zones z WHERE z.practice_id = c.practice_id AND z.client_id = c.id);
INSERT INTO client_attention (practice_id, client_id, open_alerts)
    SELECT c.practice_id, c.id, (SELECT count(*) FROM risk_alerts a
        WHERE a.practice_id = c.practice_id AND a.client_id = c.id AND a.status = 'open')
    FROM clients c;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
ALTER TABLE risk_alerts FORCE ROW LEVEL SECURITY;
ALTER TABLE client_time_zones FORCE ROW LEVEL SECURITY;

ALTER TABLE client_attention ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_attention FORCE ROW LEVEL SECURITY;
CREATE POLICY client_attention_tenant ON client_attention
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE ON client_attention TO steady_app;

-- Marks clients stale. Statement-level with a transition table, so that a bulk insert of
-- answers marks each client once instead of once per row.
CREATE FUNCTION client_attention_touch_new() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id)
        SELECT DISTINCT practice_id, client_id FROM new_rows
        ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = '-infinity';
    RETURN NULL;
END $$;
CREATE TRIGGER responses_attention AFTER INSERT ON responses
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_touch_new();
CREATE TRIGGER assignments_attention_insert AFTER INSERT ON assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_touch_new();
CREATE TRIGGER assignments_attention_update AFTER UPDATE ON assignments
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_touch_new();
CREATE TRIGGER client_time_zones_attention_insert AFTER INSERT ON client_time_zones
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_touch_new();
CREATE TRIGGER client_time_zones_attention_update AFTER UPDATE ON client_time_zones
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_touch_new();

-- A new client starts with a row to fill.
CREATE FUNCTION client_attention_new_client() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id) SELECT practice_id, id FROM new_rows
        ON CONFLICT (practice_id, client_id) DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER clients_attention AFTER INSERT ON clients
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_attention_new_client();

-- Keeps open_alerts exact, in the transaction that opens, acknowledges or resolves an alert.
CREATE FUNCTION client_attention_alerts() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id, open_alerts)
        VALUES (NEW.practice_id, NEW.client_id, (SELECT count(*) FROM risk_alerts a
            WHERE a.practice_id = NEW.practice_id AND a.client_id = NEW.client_id AND a.status = 'open'))
        ON CONFLICT (practice_id, client_id) DO UPDATE SET open_alerts = excluded.open_alerts;
    RETURN NULL;
END $$;
CREATE TRIGGER risk_alerts_attention AFTER INSERT OR UPDATE OF status ON risk_alerts
    FOR EACH ROW EXECUTE FUNCTION client_attention_alerts();

-- The refresh job runs outside any practice; this is its one way to learn which practices
-- have stale rows. It returns practice ids only.
CREATE POLICY client_attention_owner_stale ON client_attention FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION client_attention_stale_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT practice_id FROM client_attention WHERE stale_after <= p_now $$;
REVOKE EXECUTE ON FUNCTION client_attention_stale_practices(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION client_attention_stale_practices(timestamptz) TO steady_app;
