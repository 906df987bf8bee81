-- Two-factor sign-in (TOTP and recovery codes), pending log-ins, listing and ending sessions,
-- password reset by email, and a practice setting that requires two-factor of every member.
--
-- Every table here is global (no practice_id): people and their credentials are not owned
-- by a practice, and a pending log-in or a reset link is found by its token before any
-- practice is known.

-- The TOTP secret is sealed with AES-256-GCM under STEADY_SECRET_KEY (internal/seal) before
-- it is stored, so colleagues who can read a user row, or a copy of the database, learn
-- nothing usable. A secret with no totp_enabled_at is an enrolment that has not been
-- confirmed with a code yet. totp_last_step is the last 30-second step whose code was
-- accepted: a code is never accepted twice.
ALTER TABLE users
    ADD COLUMN totp_secret bytea,
    ADD COLUMN totp_enabled_at timestamptz,
    ADD COLUMN totp_last_step bigint,
    ADD CONSTRAINT users_totp_enabled_has_secret CHECK (totp_enabled_at IS NULL OR totp_secret IS NOT NULL);

ALTER TABLE practices
    ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false;

-- A session gets an id that can be shown and named in a URL; the token's hash never is.
ALTER TABLE sessions
    ADD COLUMN id uuid NOT NULL DEFAULT gen_random_uuid();
CREATE UNIQUE INDEX sessions_id_key ON sessions (id);

-- Ten single-use recovery codes per person with two-factor on. Only the SHA-256 of the user
-- id and the code is stored. A person sees only their own codes.
CREATE TABLE recovery_codes (
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    code_hash   bytea NOT NULL CHECK (length(code_hash) = 32),
    created_at  timestamptz NOT NULL DEFAULT now(),
    used_at     timestamptz,
    PRIMARY KEY (user_id, code_hash)
);
ALTER TABLE recovery_codes ENABLE ROW LEVEL SECURITY;
ALTER TABLE recovery_codes FORCE ROW LEVEL SECURITY;
CREATE POLICY recovery_codes_self ON recovery_codes
    USING (user_id = app_user_id()) WITH CHECK (user_id = app_user_id());

-- A log-in whose password was right and which waits for a two-factor code: a separate table,
-- so that no path that reads sessions can mistake it for a signed-in session. Only the
-- SHA-256 of the pending cookie's token is stored; it lives five minutes.
CREATE TABLE two_factor_challenges (
    token_hash  bytea PRIMARY KEY CHECK (length(token_hash) = 32),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
CREATE INDEX two_factor_challenges_user_idx ON two_factor_challenges (user_id);
CREATE INDEX two_factor_challenges_expires_idx ON two_factor_challenges (expires_at);

-- Password reset links: a 256-bit token in the emailed link, only its SHA-256 here. A link
-- works once, within an hour.
CREATE TABLE password_resets (
    id          uuid PRIMARY KEY,
    token_hash  bytea NOT NULL UNIQUE CHECK (length(token_hash) = 32),
    user_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at  timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL,
    used_at     timestamptz
);
CREATE INDEX password_resets_user_idx ON password_resets (user_id);
CREATE INDEX password_resets_expires_idx ON password_resets (expires_at);

-- Every authenticated request must know whether its person has two-factor on and whether
-- their current practice requires it, before any tenant is set. Like auth_find_user, this
-- definer function is a narrow path: two booleans for one person in one practice they
-- belong to. The owner-only policy lets it (and only the owner) read a practice row.
CREATE POLICY practices_owner_lookup ON practices FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION auth_two_factor_state(p_user uuid, p_practice uuid)
    RETURNS TABLE (enabled boolean, required boolean)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT u.totp_enabled_at IS NOT NULL, p.require_two_factor
          FROM users u
          JOIN memberships m ON m.user_id = u.id
          JOIN practices p ON p.id = m.practice_id
          WHERE u.id = p_user AND p.id = p_practice $$;

REVOKE EXECUTE ON FUNCTION auth_two_factor_state(uuid, uuid) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION auth_two_factor_state(uuid, uuid) TO steady_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON recovery_codes TO steady_app;
GRANT SELECT, INSERT, DELETE ON two_factor_challenges TO steady_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON password_resets TO steady_app;
