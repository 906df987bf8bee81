-- Emergency access (issue 18): an owner who does not treat a client may open the client's
-- clinical record (or a couple's, which opens both partners) by giving a reason, for a fixed
-- time (internal/clients/emergency.go). The audit trail records the opening with its reason,
-- every use and an early end; the clinicians are emailed and see it on the client's page.

-- Exactly one of client_id and couple_id names what a grant opens. expires_at is fixed when
-- it opens; ended_at is set when the owner ends it early. Whether a grant is live is judged by
-- the application at the request's instant on its own clock, never by the database's now().
CREATE TABLE emergency_grants (
    practice_id uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    id          uuid NOT NULL,
    client_id   uuid,
    couple_id   uuid,
    owner_id    uuid NOT NULL,
    reason      text NOT NULL CHECK (char_length(reason) BETWEEN 20 AND 2000),
    opened_at   timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL CHECK (expires_at > opened_at),
    ended_at    timestamptz,
    PRIMARY KEY (practice_id, id),
    CHECK ((client_id IS NULL) <> (couple_id IS NULL)),
    FOREIGN KEY (practice_id, client_id) REFERENCES clients (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, couple_id) REFERENCES couples (practice_id, id) ON DELETE CASCADE,
    FOREIGN KEY (practice_id, owner_id) REFERENCES memberships (practice_id, user_id) ON DELETE CASCADE
);
-- An owner's every record read looks up their live grants; a record's page lists its grants.
CREATE INDEX emergency_grants_owner_idx ON emergency_grants (practice_id, owner_id, expires_at);
CREATE INDEX emergency_grants_client_idx ON emergency_grants (practice_id, client_id, opened_at DESC)
    WHERE client_id IS NOT NULL;
CREATE INDEX emergency_grants_couple_idx ON emergency_grants (practice_id, couple_id, opened_at DESC)
    WHERE couple_id IS NOT NULL;

ALTER TABLE emergency_grants ENABLE ROW LEVEL SECURITY;
ALTER TABLE emergency_grants FORCE ROW LEVEL SECURITY;
CREATE POLICY emergency_grants_tenant ON emergency_grants
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
-- Grants are never deleted by the app (erasing a client removes theirs by the foreign key);
-- ending one early is an UPDATE of ended_at.
GRANT SELECT, INSERT, UPDATE ON emergency_grants TO steady_app;
