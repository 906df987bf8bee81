-- Sign-up proves the address first (issue 18): answering "that email is taken" told anyone who
-- has an account. Sign-up now answers alike for every address and emails it; for an address
-- without an account the email carries a link that finishes the sign-up. Until the link is
-- opened nothing of the practice exists: the form's answers wait here, the password already an
-- argon2id hash. Global, like users: there is no practice yet.
CREATE TABLE pending_signups (
    id             uuid PRIMARY KEY,
    email          text NOT NULL,
    name           text NOT NULL,
    practice_name  text NOT NULL,
    time_zone      text NOT NULL,
    -- Emptied once the sign-up is finished (or when the address turns out to have an account):
    -- the hash then lives in users, or nowhere.
    password_hash  text NOT NULL,
    -- The link's 256-bit token, only its SHA-256 here; NULL until the email goes out (the
    -- worker mints it, so it is never in a job's arguments).
    token_hash     bytea UNIQUE CHECK (length(token_hash) = 32),
    created_at     timestamptz NOT NULL DEFAULT now(),
    expires_at     timestamptz NOT NULL,
    emailed_at     timestamptz,
    used_at        timestamptz
);
CREATE INDEX pending_signups_email_idx ON pending_signups (email);
CREATE INDEX pending_signups_expires_idx ON pending_signups (expires_at);

GRANT SELECT, INSERT, UPDATE, DELETE ON pending_signups TO steady_app;
