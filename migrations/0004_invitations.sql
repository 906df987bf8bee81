-- Invitations to join a practice. The link's token is stored only as its SHA-256; a link
-- works once and for seven days, and a resend replaces the token.
CREATE TABLE invitations (
    practice_id       uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id                uuid NOT NULL,
    email             text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
    role              text NOT NULL CHECK (role IN ('admin', 'clinician')),
    token_hash        bytea CHECK (length(token_hash) = 32),
    invited_by        uuid REFERENCES users (id) ON DELETE SET NULL,
    sends             integer NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    expires_at        timestamptz NOT NULL,
    accepted_at       timestamptz,
    accepted_user_id  uuid REFERENCES users (id) ON DELETE SET NULL,
    revoked_at        timestamptz,
    PRIMARY KEY (practice_id, id)
);
CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash);
-- One open invitation per email per practice.
CREATE UNIQUE INDEX invitations_open_email_key ON invitations (practice_id, email)
    WHERE accepted_at IS NULL AND revoked_at IS NULL;
ALTER TABLE invitations ENABLE ROW LEVEL SECURITY;
ALTER TABLE invitations FORCE ROW LEVEL SECURITY;
CREATE POLICY invitations_tenant ON invitations
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
-- The accept page knows only the token; this is its one way to find the practice.
CREATE POLICY invitations_owner_lookup ON invitations FOR SELECT TO CURRENT_USER USING (true);

CREATE FUNCTION invitation_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT i.practice_id FROM invitations i WHERE i.token_hash = p_hash $$;
REVOKE EXECUTE ON FUNCTION invitation_practice(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION invitation_practice(bytea) TO steady_app;
GRANT SELECT, INSERT, UPDATE ON invitations TO steady_app;
