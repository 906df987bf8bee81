-- Sealed clinical text (issue 18): journals, answers, and alert and safety-screen notes are
-- stored sealed (AES-256-GCM) with the practice's own data key, itself stored only wrapped by
-- the deployment's master key (STEADY_SECRET_KEY), so a dump or a backup alone reveals none of
-- them (docs/security.md). The worker's seal_stored job seals the rows written before this
-- migration, with the master key only serve and worker hold.

CREATE TABLE practice_keys (
    practice_id   uuid PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
    wrapped       bytea NOT NULL,
    master_id     text NOT NULL, -- which master key wrapped it (seal.Key.ID), for rotation
    created_at    timestamptz NOT NULL,
    rewrapped_at  timestamptz
);
ALTER TABLE practice_keys ENABLE ROW LEVEL SECURITY;
ALTER TABLE practice_keys FORCE ROW LEVEL SECURITY;
CREATE POLICY practice_keys_tenant ON practice_keys
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE ON practice_keys TO steady_app;

-- A rotation and the sealing of old rows run outside any practice; these list the practices
-- for them (PL/pgSQL, as every definer function since 0019, so Citus runs them on the
-- coordinator). The owner's own policy lets the definer read every practice's key row.
CREATE POLICY practice_keys_owner_rotate ON practice_keys FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION datakeys_to_rewrap(p_master text) RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT k.practice_id FROM practice_keys k WHERE k.master_id <> p_master ORDER BY 1;
END $$;
REVOKE EXECUTE ON FUNCTION datakeys_to_rewrap(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION datakeys_to_rewrap(text) TO steady_app;
CREATE FUNCTION datakeys_practices() RETURNS SETOF uuid
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    RETURN QUERY SELECT p.id FROM practices p ORDER BY 1;
END $$;
REVOKE EXECUTE ON FUNCTION datakeys_practices() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION datakeys_practices() TO steady_app;

-- Each text gains a sealed column; the plain one is emptied as its row is sealed. A journal
-- entry and an answer hold exactly one of the two.
ALTER TABLE journal_entries ADD COLUMN body_sealed bytea;
ALTER TABLE journal_entries ALTER COLUMN body DROP NOT NULL;
ALTER TABLE journal_entries ADD CONSTRAINT journal_entries_one_body CHECK ((body IS NULL) <> (body_sealed IS NULL));

ALTER TABLE responses ADD COLUMN answers_sealed bytea;
ALTER TABLE responses ALTER COLUMN answers DROP NOT NULL;
ALTER TABLE responses ADD CONSTRAINT responses_one_answers CHECK ((answers IS NULL) <> (answers_sealed IS NULL));

-- Notes are often empty: '' with no sealed value is no note.
ALTER TABLE risk_alerts ADD COLUMN note_sealed bytea;
ALTER TABLE safety_screens ADD COLUMN note_sealed bytea;

-- The seal_stored job empties a plain column as it fills the sealed one: the app role may
-- change those two columns and nothing else of an answer, an entry or a screen.
GRANT UPDATE (body, body_sealed) ON journal_entries TO steady_app;
GRANT UPDATE (answers, answers_sealed) ON responses TO steady_app;
GRANT UPDATE (note, note_sealed) ON safety_screens TO steady_app;
