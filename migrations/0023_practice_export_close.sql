-- A practice's data is the practice's (issue 18): an owner exports the whole practice as one
-- archive, and may close the practice; a closed practice's data is deleted once its retention
-- has passed, and a record of the deletion outlives it (docs/decisions/0010-practice-export.md).

-- Closing. closed_by is the owner who closed it (kept as it was: no foreign key). delete_after
-- is closed_at plus the retention the operator had configured at that moment.
ALTER TABLE practices
    ADD COLUMN closed_at timestamptz,
    ADD COLUMN closed_by uuid,
    ADD COLUMN delete_after timestamptz,
    ADD CONSTRAINT practices_closed_together CHECK ((closed_at IS NULL) = (delete_after IS NULL));
CREATE INDEX practices_delete_after_idx ON practices (delete_after) WHERE delete_after IS NOT NULL;

-- The application role may delete a practice, and only a closed one: the restrictive policy
-- holds whatever the others allow. Every tenant row goes with it through the cascades from
-- practices, except the audit trail, which the deletion removes first (below).
GRANT DELETE ON practices TO steady_app;
CREATE POLICY practices_delete_only_closed ON practices AS RESTRICTIVE FOR DELETE
    USING (id = app_practice_id() AND closed_at IS NOT NULL);

-- The audit trail stays append-only, except that a closed practice's deletion takes its trail
-- with it: the trigger lets a DELETE through only in a transaction that names the practice it
-- deletes (SET LOCAL app.deleting_practice, matching the tenant's own setting), which only the
-- deletion job does, after it has read the practice as closed and past its delete_after in the
-- same transaction. The trigger reads no table: on Citus it runs on a shard, which may not query
-- other tables (and Citus refuses a policy with a subquery on a distributed table). The record
-- of the deletion itself is practice_deletions, which is not the practice's.
CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('app.deleting_practice', true) <> ''
        AND current_setting('app.deleting_practice', true) = current_setting('app.practice_id', true) THEN
        RETURN NULL;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only';
END $$;
GRANT DELETE ON audit_events TO steady_app;

-- Every request with a staff session asks, before any practice is set, whether the person has
-- two-factor on, whether the practice requires it, and whether the practice is closed: one
-- definer function, one round trip, as auth_two_factor_state answered the first two.
CREATE FUNCTION auth_session_state(p_user uuid, p_practice uuid)
    RETURNS TABLE (enabled boolean, required boolean, closed boolean)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT u.totp_enabled_at IS NOT NULL, p.require_two_factor, p.closed_at IS NOT NULL
        FROM users u
        JOIN memberships m ON m.user_id = u.id AND m.practice_id = p_practice
        JOIN practices p ON p.id = m.practice_id
        WHERE u.id = p_user AND p.id = p_practice;
END $$;
REVOKE EXECUTE ON FUNCTION auth_session_state(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_session_state(uuid, uuid) TO steady_app;
DROP FUNCTION auth_two_factor_state(uuid, uuid); -- replaced by auth_session_state

-- Log-in lands in the oldest membership of a practice that is still open, when there is one.
CREATE OR REPLACE FUNCTION auth_user_practices(p_user uuid)
    RETURNS TABLE (practice_id uuid, role text, created_at timestamptz)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
#variable_conflict use_column
BEGIN
    RETURN QUERY SELECT m.practice_id, m.role, m.created_at FROM memberships m
        JOIN practices p ON p.id = m.practice_id
        WHERE m.user_id = p_user AND m.status = 'active'
        ORDER BY p.closed_at IS NOT NULL, m.created_at;
END $$;

-- A closed practice sends nothing: no reminders, no digests, no alert-rule emails.
CREATE OR REPLACE FUNCTION reminders_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT s.practice_id FROM reminder_schedules s
        JOIN practices p ON p.id = s.practice_id
        WHERE s.next_fire_at <= p_now AND p.closed_at IS NULL;
END $$;
CREATE OR REPLACE FUNCTION digests_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT s.practice_id FROM digest_settings s
        JOIN practices p ON p.id = s.practice_id
        WHERE s.next_send_at <= p_now AND p.closed_at IS NULL;
END $$;
CREATE OR REPLACE FUNCTION alert_rule_practices() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT p.id FROM practices p WHERE p.closed_at IS NULL ORDER BY p.id $$;

-- The deletion job runs outside any practice; this is its one way to find the practices whose
-- retention has passed. It returns ids only.
CREATE FUNCTION practices_due_for_deletion(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT p.id FROM practices p WHERE p.delete_after <= p_now ORDER BY p.delete_after, p.id;
END $$;
REVOKE EXECUTE ON FUNCTION practices_due_for_deletion(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION practices_due_for_deletion(timestamptz) TO steady_app;

-- An export of the whole practice: who asked, how far it has got, and, once made, the archive's
-- size and digest and when its download link expires.
CREATE TABLE practice_exports (
    practice_id   uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id            uuid NOT NULL,
    requested_by  uuid REFERENCES users (id) ON DELETE SET NULL,
    status        text NOT NULL DEFAULT 'queued'
                  CHECK (status IN ('queued', 'running', 'ready', 'failed', 'expired')),
    tables_total  integer NOT NULL DEFAULT 0 CHECK (tables_total >= 0),
    tables_done   integer NOT NULL DEFAULT 0 CHECK (tables_done >= 0),
    rows_total    bigint NOT NULL DEFAULT 0 CHECK (rows_total >= 0),
    rows_done     bigint NOT NULL DEFAULT 0 CHECK (rows_done >= 0),
    size_bytes    bigint NOT NULL DEFAULT 0 CHECK (size_bytes >= 0),
    sha256        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    expires_at    timestamptz,
    PRIMARY KEY (practice_id, id)
);
CREATE INDEX practice_exports_recent_idx ON practice_exports (practice_id, created_at DESC);
CREATE INDEX practice_exports_expiry_idx ON practice_exports (expires_at) WHERE status = 'ready';

-- The archive itself, in pieces of at most 1 MiB, each sealed: the app runs as several
-- replicas with no shared disk, and a download reads one piece at a time. The pieces are
-- ciphertext, so PostgreSQL is told not to try compressing them.
CREATE TABLE practice_export_chunks (
    practice_id  uuid NOT NULL,
    export_id    uuid NOT NULL,
    seq          integer NOT NULL CHECK (seq >= 0),
    data         bytea NOT NULL,
    PRIMARY KEY (practice_id, export_id, seq),
    FOREIGN KEY (practice_id, export_id) REFERENCES practice_exports (practice_id, id) ON DELETE CASCADE
);
ALTER TABLE practice_export_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

ALTER TABLE practice_exports ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_exports FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_exports_tenant ON practice_exports
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
ALTER TABLE practice_export_chunks ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_export_chunks FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_export_chunks_tenant ON practice_export_chunks
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE, DELETE ON practice_exports, practice_export_chunks TO steady_app;

-- The expiry sweep runs outside any practice; this is its one way to find archives whose link
-- has expired. It returns practice ids only.
CREATE POLICY practice_exports_owner_expiry ON practice_exports FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION practice_exports_expired(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT DISTINCT e.practice_id FROM practice_exports e
        WHERE e.status = 'ready' AND e.expires_at <= p_now;
END $$;
REVOKE EXECUTE ON FUNCTION practice_exports_expired(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION practice_exports_expired(timestamptz) TO steady_app;

-- The record of each deleted practice, kept after everything of the practice is gone (its own
-- audit trail goes with it). A global table: the column is not named practice_id because the
-- row is about a practice that no longer exists, not owned by one. The application role may
-- add rows and read them, never change or remove one.
CREATE TABLE practice_deletions (
    deleted_practice_id  uuid PRIMARY KEY,
    closed_at            timestamptz NOT NULL,
    closed_by            uuid,
    delete_after         timestamptz NOT NULL,
    deleted_at           timestamptz NOT NULL,
    row_counts           jsonb NOT NULL, -- {"table": rows deleted, ...}
    rows_deleted         bigint NOT NULL CHECK (rows_deleted >= 0)
);
GRANT SELECT, INSERT ON practice_deletions TO steady_app;
