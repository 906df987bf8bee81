-- The caseload read each of a clinician's clients twice: the summary (client_attention) for
-- what calls for attention, and the client's row for the name it sorts by and the status it
-- counts. A clinician's first page of 100 clients was 200 index probes, and the probes of
-- `clients` a third of the statement's cost.
--
-- The summary now carries the client's name and whether the client is active, written by
-- triggers on `clients` in the same transaction as the client's own change: a reader sees the
-- copy exactly as it sees the client. A summary row is made with its client (and 0007 made
-- one for every client before it), so the defaults are never what a reader sees.
ALTER TABLE client_attention
    ADD COLUMN client_name text NOT NULL DEFAULT '',
    ADD COLUMN active      boolean NOT NULL DEFAULT true;

-- Row-level security is forced on the owner too, and no practice is set: it is lifted for the
-- fill (decision 0017).
ALTER TABLE client_attention NO FORCE ROW LEVEL SECURITY;
ALTER TABLE clients NO FORCE ROW LEVEL SECURITY;
UPDATE client_attention a SET client_name = c.name, active = c.status = 'active'
    FROM clients c WHERE c.practice_id = a.practice_id AND c.id = a.client_id;
ALTER TABLE client_attention FORCE ROW LEVEL SECURITY;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;

CREATE OR REPLACE FUNCTION client_attention_new_client() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id, client_name, active)
        VALUES (NEW.practice_id, NEW.id, NEW.name, NEW.status = 'active')
        ON CONFLICT (practice_id, client_id) DO UPDATE
            SET client_name = EXCLUDED.client_name, active = EXCLUDED.active;
    RETURN NULL;
END $$;

CREATE FUNCTION client_attention_client_changed() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE client_attention SET client_name = NEW.name, active = NEW.status = 'active'
        WHERE practice_id = NEW.practice_id AND client_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER clients_attention_name AFTER UPDATE OF name, status ON clients
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name OR OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION client_attention_client_changed();
