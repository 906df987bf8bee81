-- Foundation: tenants, staff, sessions, rate limits, outbound mail.
--
-- Roles: this file runs as the owner role (steady_owner in development). The application
-- connects as steady_app, which owns nothing, is not a superuser and does not bypass RLS;
-- every privilege it has is granted explicitly below.
--
-- Tenancy rules (checked by internal/db's schema test):
--   * a tenant table has practice_id as the first column of its primary key and of every
--     foreign key to another tenant table;
--   * row-level security is enabled AND forced on it, with a policy on app_practice_id().

-- The practice of the current transaction, or NULL outside a tenant transaction.
-- set_config(..., true) is transaction-local; after the transaction the setting reads as ''
-- on that pooled connection, which NULLIF turns into NULL, so policies match no rows.
CREATE FUNCTION app_practice_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.practice_id', true), '')::uuid $$;

CREATE FUNCTION app_user_id() RETURNS uuid
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT NULLIF(current_setting('app.user_id', true), '')::uuid $$;

-- Practices are the tenants. The row of a practice is visible only inside its own
-- transaction scope.
CREATE TABLE practices (
    id          uuid PRIMARY KEY,
    name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    created_at  timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE practices ENABLE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
CREATE POLICY practices_tenant ON practices
    USING (id = app_practice_id()) WITH CHECK (id = app_practice_id());

-- Users are people, global across practices (one person may work in several). A user row is
-- visible to the user themself and to the practices they belong to.
CREATE TABLE users (
    id             uuid PRIMARY KEY,
    email          text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    name           text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
    password_hash  text NOT NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_email_key ON users (email);

CREATE TABLE memberships (
    practice_id  uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    user_id      uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role         text NOT NULL CHECK (role IN ('owner', 'admin', 'clinician')),
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);
ALTER TABLE memberships ENABLE ROW LEVEL SECURITY;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
CREATE POLICY memberships_tenant ON memberships
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY users_self_or_colleague ON users
    USING (id = app_user_id() OR EXISTS (
        SELECT 1 FROM memberships m WHERE m.user_id = users.id AND m.practice_id = app_practice_id()))
    WITH CHECK (id = app_user_id());

-- Log-in has to find a user and their practices before any tenant is known. These two
-- definer functions are that narrow path: they return only what log-in needs, for one
-- email or one user, never a table scan. They run as the schema owner, and these policies
-- (for the owner role only, never the application role) let them read across practices.
CREATE POLICY users_owner_lookup ON users FOR SELECT TO CURRENT_USER USING (true);
CREATE POLICY memberships_owner_lookup ON memberships FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION auth_find_user(p_email text)
    RETURNS TABLE (id uuid, password_hash text)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.id, u.password_hash FROM users u WHERE u.email = lower(p_email) $$;

CREATE FUNCTION auth_user_practices(p_user uuid)
    RETURNS TABLE (practice_id uuid, role text, created_at timestamptz)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT m.practice_id, m.role, m.created_at FROM memberships m
          WHERE m.user_id = p_user ORDER BY m.created_at $$;

-- Staff sessions. Only the SHA-256 of the cookie's token is stored. A session belongs to a
-- person and names the practice they are working in; it is looked up by hash before any
-- tenant is known, so it is a global table.
CREATE TABLE sessions (
    token_hash    bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id       uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    -- Named apart from practice_id on purpose: this is a global table that points at the
    -- practice a person is working in, not a row owned by that practice.
    current_practice_id uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    created_at    timestamptz NOT NULL DEFAULT now(),
    last_seen_at  timestamptz NOT NULL DEFAULT now(),
    expires_at    timestamptz NOT NULL,
    ip            text NOT NULL DEFAULT '',
    user_agent    text NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_expires_idx ON sessions (expires_at);

-- Fixed-window counters for rate limits, shared by every replica. Keys are hashed so that
-- no email address or IP is stored here.
CREATE TABLE rate_limits (
    key           bytea NOT NULL,
    window_start  timestamptz NOT NULL,
    hits          integer NOT NULL,
    PRIMARY KEY (key, window_start)
);

-- One row per outbound email that must go out once: checked before sending, so a retried
-- job never sends twice.
CREATE TABLE email_deliveries (
    practice_id  uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    dedupe_key   text NOT NULL,
    recipient    text NOT NULL,
    subject      text NOT NULL,
    sent_at      timestamptz,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, dedupe_key)
);
ALTER TABLE email_deliveries ENABLE ROW LEVEL SECURITY;
ALTER TABLE email_deliveries FORCE ROW LEVEL SECURITY;
CREATE POLICY email_deliveries_tenant ON email_deliveries
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());

-- The development mailbox: where email goes when no SMTP server is configured.
CREATE TABLE dev_messages (
    id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    recipient   text NOT NULL,
    subject     text NOT NULL,
    text_body   text NOT NULL,
    html_body   text NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dev_messages_created_idx ON dev_messages (created_at DESC);

-- Least privilege for the application role.
GRANT EXECUTE ON FUNCTION app_practice_id(), app_user_id(),
    auth_find_user(text), auth_user_practices(uuid) TO steady_app;
REVOKE EXECUTE ON FUNCTION auth_find_user(text), auth_user_practices(uuid) FROM PUBLIC;
GRANT SELECT, INSERT, UPDATE ON practices TO steady_app;
GRANT SELECT, INSERT, UPDATE ON users TO steady_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON memberships TO steady_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO steady_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON rate_limits TO steady_app;
GRANT SELECT, INSERT, UPDATE ON email_deliveries TO steady_app;
GRANT SELECT, INSERT, DELETE ON dev_messages TO steady_app;
