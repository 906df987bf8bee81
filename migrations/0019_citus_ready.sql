-- Ready for Citus (issue 17, deploy/scale-out.md). Distributed tables need the distribution
-- column (practice_id) in every unique index, and a reference table may not point at a
-- distributed one. Four things broke those rules; each keeps its purpose here.

-- A token's hash finds its practice before any practice is known (a link opened, a session
-- cookie, an unsubscribe). The hash stays the leading column, so that lookup still uses the
-- index; with practice_id added the index is legal on Citus. Tokens are 32 random bytes minted
-- by the server, so a clash across practices cannot happen by chance, and within a practice
-- the index still refuses one.
DROP INDEX invitations_token_key;
CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash, practice_id);
DROP INDEX homework_links_token_key;
CREATE UNIQUE INDEX homework_links_token_key ON homework_links (token_hash, practice_id);
DROP INDEX client_sessions_token_key;
CREATE UNIQUE INDEX client_sessions_token_key ON client_sessions (token_hash, practice_id);
DROP INDEX reminder_deliveries_token_key;
CREATE UNIQUE INDEX reminder_deliveries_token_key ON reminder_deliveries (token_hash, practice_id);
ALTER TABLE digests DROP CONSTRAINT digests_unsubscribe_hash_key;
CREATE UNIQUE INDEX digests_unsubscribe_hash_key ON digests (unsubscribe_hash, practice_id);

-- A staff session (global: a person may belong to several practices) names the practice it is
-- working in. That pointer is checked against a live membership on every request (package
-- auth), so it needs no foreign key; none of Steady's paths deletes a practice, and closing one
-- must end its sessions (auth's EndSessions) as it ends its memberships.
ALTER TABLE sessions DROP CONSTRAINT sessions_current_practice_id_fkey;

-- A person sees their own users row, and their colleagues' names and addresses. The colleague
-- half was a subquery over memberships in the policy, which Citus cannot run on a table spread
-- over nodes. It is now two steps (auth.colleagues): the application reads which of some ids
-- are members of its practice (memberships, under its row-level security), then this definer
-- function returns only the name and address of exactly those people. On Citus a definer
-- function may not read a practice's rows that its transaction has already written as another
-- role, so the membership check stays with the application role; what the function opens to
-- it is a name and an address for an id it already holds, never a list.
DROP POLICY users_self_or_colleague ON users;
CREATE POLICY users_self ON users USING (id = app_user_id()) WITH CHECK (id = app_user_id());
CREATE FUNCTION auth_people(p_ids uuid[])
    RETURNS TABLE (id uuid, name text, email text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT u.id, u.name, u.email FROM users u WHERE u.id = ANY (p_ids);
END $$;
REVOKE EXECUTE ON FUNCTION auth_people(uuid[]) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_people(uuid[]) TO steady_app;

-- The triggers that mark a client's summary and reminder schedules for recomputing were
-- statement-level with transition tables, so a bulk insert marked each client once. Citus runs
-- a trigger on the shard and plans its statement as a distributed query, which cannot read a
-- transition table; row-level triggers, each touching its own practice's rows (co-located, on
-- the same node), can. Inserts here are one row or a few at a time, and the upserts below are
-- idempotent, so marking a client once per row costs little.
CREATE OR REPLACE FUNCTION client_attention_touch_new() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id) VALUES (NEW.practice_id, NEW.client_id)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = '-infinity';
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION client_attention_new_client() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id) VALUES (NEW.practice_id, NEW.id)
        ON CONFLICT (practice_id, client_id) DO NOTHING;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION reminder_schedules_recompute() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO reminder_schedules (practice_id, assignment_id, next_fire_at)
        VALUES (NEW.practice_id, NEW.id, '-infinity')
        ON CONFLICT (practice_id, assignment_id) DO UPDATE
            SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL;
    RETURN NULL;
END $$;
CREATE OR REPLACE FUNCTION reminder_schedules_recompute_client() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE reminder_schedules s SET next_fire_at = '-infinity', occurrence_date = NULL, kind = NULL
        FROM assignments a
        WHERE a.practice_id = NEW.practice_id AND a.client_id = NEW.client_id
          AND s.practice_id = NEW.practice_id AND s.assignment_id = a.id;
    RETURN NULL;
END $$;
-- Citus takes no subquery inside an INSERT: the count is read first.
CREATE OR REPLACE FUNCTION client_attention_alerts() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    open_now integer;
BEGIN
    SELECT count(*) INTO open_now FROM risk_alerts a
        WHERE a.practice_id = NEW.practice_id AND a.client_id = NEW.client_id AND a.status = 'open';
    INSERT INTO client_attention (practice_id, client_id, open_alerts)
        VALUES (NEW.practice_id, NEW.client_id, open_now)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET open_alerts = excluded.open_alerts;
    RETURN NULL;
END $$;

DROP TRIGGER responses_attention ON responses;
CREATE TRIGGER responses_attention AFTER INSERT ON responses
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new();
DROP TRIGGER assignments_attention_insert ON assignments;
CREATE TRIGGER assignments_attention_insert AFTER INSERT ON assignments
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new();
DROP TRIGGER assignments_attention_update ON assignments;
CREATE TRIGGER assignments_attention_update AFTER UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new();
DROP TRIGGER client_time_zones_attention_insert ON client_time_zones;
CREATE TRIGGER client_time_zones_attention_insert AFTER INSERT ON client_time_zones
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new();
DROP TRIGGER client_time_zones_attention_update ON client_time_zones;
CREATE TRIGGER client_time_zones_attention_update AFTER UPDATE ON client_time_zones
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new();
DROP TRIGGER clients_attention ON clients;
CREATE TRIGGER clients_attention AFTER INSERT ON clients
    FOR EACH ROW EXECUTE FUNCTION client_attention_new_client();
DROP TRIGGER assignments_reminders_insert ON assignments;
CREATE TRIGGER assignments_reminders_insert AFTER INSERT ON assignments
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute();
DROP TRIGGER assignments_reminders_update ON assignments;
CREATE TRIGGER assignments_reminders_update AFTER UPDATE ON assignments
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute();
DROP TRIGGER client_time_zones_reminders_insert ON client_time_zones;
CREATE TRIGGER client_time_zones_reminders_insert AFTER INSERT ON client_time_zones
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute_client();
DROP TRIGGER client_time_zones_reminders_update ON client_time_zones;
CREATE TRIGGER client_time_zones_reminders_update AFTER UPDATE ON client_time_zones
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute_client();
DROP TRIGGER reminder_preferences_insert ON reminder_preferences;
CREATE TRIGGER reminder_preferences_insert AFTER INSERT ON reminder_preferences
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute_client();
DROP TRIGGER reminder_preferences_update ON reminder_preferences;
CREATE TRIGGER reminder_preferences_update AFTER UPDATE ON reminder_preferences
    FOR EACH ROW EXECUTE FUNCTION reminder_schedules_recompute_client();

-- Citus cannot plan a query over its tables inside an SQL-language function that has
-- parameters; in PL/pgSQL it can. These definer functions keep their signatures, security and
-- results; only the language changes. (`#variable_conflict use_column`: a RETURNS TABLE column
-- named like a table's column means the table's.)
CREATE OR REPLACE FUNCTION auth_find_user(p_email text)
    RETURNS TABLE (id uuid, password_hash text)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT u.id, u.password_hash FROM users u WHERE u.email = lower(p_email);
END $$;
CREATE OR REPLACE FUNCTION homework_link_practice(p_hash bytea) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT practice_id FROM homework_links WHERE token_hash = p_hash
        UNION ALL SELECT practice_id FROM reminder_deliveries WHERE token_hash = p_hash LIMIT 1);
END $$;
CREATE OR REPLACE FUNCTION auth_user_practices(p_user uuid)
    RETURNS TABLE (practice_id uuid, role text, created_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT m.practice_id, m.role, m.created_at FROM memberships m
        WHERE m.user_id = p_user AND m.status = 'active' ORDER BY m.created_at;
END $$;
CREATE OR REPLACE FUNCTION reminders_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT s.practice_id FROM reminder_schedules s WHERE s.next_fire_at <= p_now;
END $$;
CREATE OR REPLACE FUNCTION billing_customer_practice(p_customer text) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT b.practice_id FROM billing_subscriptions b WHERE b.customer_id = p_customer AND p_customer <> '');
END $$;
CREATE OR REPLACE FUNCTION auth_two_factor_state(p_user uuid, p_practice uuid)
    RETURNS TABLE (enabled boolean, required boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT u.totp_enabled_at IS NOT NULL, p.require_two_factor
        FROM users u
        JOIN memberships m ON m.user_id = u.id AND m.practice_id = p_practice
        JOIN practices p ON p.id = m.practice_id
        WHERE u.id = p_user AND p.id = p_practice;
END $$;
CREATE OR REPLACE FUNCTION invitation_practice(p_hash bytea) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT i.practice_id FROM invitations i WHERE i.token_hash = p_hash);
END $$;
CREATE OR REPLACE FUNCTION client_session_practice(p_hash bytea) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT s.practice_id FROM client_sessions s WHERE s.token_hash = p_hash);
END $$;
CREATE OR REPLACE FUNCTION client_attention_stale_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT a.practice_id FROM client_attention a WHERE a.stale_after <= p_now;
END $$;
CREATE OR REPLACE FUNCTION client_sessions_sweep(p_now timestamptz) RETURNS bigint
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    gone bigint;
BEGIN
    DELETE FROM client_sessions WHERE expires_at <= p_now OR last_seen_at <= p_now - interval '1 hour';
    GET DIAGNOSTICS gone = ROW_COUNT;
    RETURN gone;
END $$;
CREATE OR REPLACE FUNCTION digests_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT s.practice_id FROM digest_settings s WHERE s.next_send_at <= p_now;
END $$;
CREATE OR REPLACE FUNCTION digest_token_practice(p_hash bytea) RETURNS uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN (SELECT d.practice_id FROM digests d WHERE d.unsubscribe_hash = p_hash);
END $$;
