-- Weekly digests (issue 16). Each member has digest settings: the weekday and hour (in their
-- own time zone) the week's digest is made, whether it is also emailed, and the next instant
-- it is due, which the dispatcher finds by index, like reminders' next firing.
CREATE TABLE digest_settings (
    practice_id  uuid NOT NULL,
    user_id      uuid NOT NULL,
    weekday      smallint NOT NULL DEFAULT 1 CHECK (weekday BETWEEN 0 AND 6), -- 0 is Sunday
    hour         smallint NOT NULL DEFAULT 8 CHECK (hour BETWEEN 0 AND 23),
    time_zone    text NOT NULL,
    email        boolean NOT NULL DEFAULT true,
    -- '-infinity': to be worked out (a new member, a changed setting); the dispatcher sets it.
    next_send_at timestamptz NOT NULL DEFAULT '-infinity',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (practice_id, user_id),
    FOREIGN KEY (practice_id, user_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
CREATE INDEX digest_settings_due_idx ON digest_settings (next_send_at);

-- A week's digest as it was made: it never changes afterwards. One per person per week (the
-- week is named by the Monday of the send date's ISO week, in the person's zone), whatever
-- the number of dispatchers, retries or crashes.
CREATE TABLE digests (
    practice_id      uuid NOT NULL,
    id               uuid NOT NULL,
    user_id          uuid NOT NULL,
    week             date NOT NULL,
    period_start     date NOT NULL, -- the seven days the digest looks back on
    period_end       date NOT NULL,
    attention        integer NOT NULL CHECK (attention >= 0),
    content          jsonb NOT NULL,
    created_at       timestamptz NOT NULL,
    -- The email's one-click unsubscribe token, hashed; minted when the email goes out.
    unsubscribe_hash bytea UNIQUE,
    PRIMARY KEY (practice_id, id),
    UNIQUE (practice_id, user_id, week),
    FOREIGN KEY (practice_id, user_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
CREATE INDEX digests_user_idx ON digests (practice_id, user_id, week DESC);

ALTER TABLE digest_settings ENABLE ROW LEVEL SECURITY;
ALTER TABLE digest_settings FORCE ROW LEVEL SECURITY;
CREATE POLICY digest_settings_tenant ON digest_settings
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
ALTER TABLE digests ENABLE ROW LEVEL SECURITY;
ALTER TABLE digests FORCE ROW LEVEL SECURITY;
CREATE POLICY digests_tenant ON digests
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE ON digest_settings, digests TO steady_app;

-- Every member gets settings when they join, whatever the path (sign-up, an invitation, a
-- seed), in the practice's time zone until they choose their own.
CREATE FUNCTION digest_settings_enrol() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO digest_settings (practice_id, user_id, time_zone)
    SELECT NEW.practice_id, NEW.user_id, p.time_zone FROM practices p WHERE p.id = NEW.practice_id
    ON CONFLICT DO NOTHING;
    RETURN NULL;
END $$;
CREATE TRIGGER memberships_digest_settings AFTER INSERT ON memberships
    FOR EACH ROW EXECUTE FUNCTION digest_settings_enrol();

ALTER TABLE memberships NO FORCE ROW LEVEL SECURITY;
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
ALTER TABLE digest_settings NO FORCE ROW LEVEL SECURITY;
INSERT INTO digest_settings (practice_id, user_id, time_zone)
    SELECT m.practice_id, m.user_id, p.time_zone FROM memberships m JOIN practices p ON p.id = m.practice_id
    ON CONFLICT DO NOTHING;
ALTER TABLE memberships FORCE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;
ALTER TABLE digest_settings FORCE ROW LEVEL SECURITY;

-- The dispatcher runs outside any practice; this is its one way to learn which practices have
-- digests due (or settings to work out). It returns practice ids only.
CREATE POLICY digest_settings_owner_due ON digest_settings FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION digests_due_practices(p_now timestamptz) RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT DISTINCT practice_id FROM digest_settings WHERE next_send_at <= p_now $$;
REVOKE EXECUTE ON FUNCTION digests_due_practices(timestamptz) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION digests_due_practices(timestamptz) TO steady_app;

-- An unsubscribe link names a digest, not a practice: its page finds the practice here.
CREATE POLICY digests_owner_lookup ON digests FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION digest_token_practice(p_hash bytea) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT d.practice_id FROM digests d WHERE d.unsubscribe_hash = p_hash $$;
REVOKE EXECUTE ON FUNCTION digest_token_practice(bytea) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION digest_token_practice(bytea) TO steady_app;
