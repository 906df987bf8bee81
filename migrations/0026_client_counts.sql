-- The roster's counts, stored (issue 19): an owner's client list is paged, and its "of N" was
-- a count of every client of the practice on every page read. client_counts holds, per
-- practice and status, how many clients there are, kept exact by a trigger on clients in the
-- same transaction as the change, so a page reads one row instead of counting 20,000.
CREATE TABLE client_counts (
    practice_id uuid NOT NULL REFERENCES practices (id) ON DELETE CASCADE,
    status      text NOT NULL CHECK (status IN ('active', 'archived')),
    n           integer NOT NULL CHECK (n >= 0),
    PRIMARY KEY (practice_id, status)
);
ALTER TABLE client_counts ENABLE ROW LEVEL SECURITY;
ALTER TABLE client_counts FORCE ROW LEVEL SECURITY;
CREATE POLICY client_counts_tenant ON client_counts
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
-- The trigger runs as the writer of clients; nothing else writes the counts.
GRANT SELECT, INSERT, UPDATE ON client_counts TO steady_app;

-- One row trigger per change (row-level, as Citus runs them on the shard): a new client counts
-- in its status, a removed one stops counting, an archived or restored one moves across.
CREATE FUNCTION client_counts_change() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE client_counts SET n = n - 1 WHERE practice_id = OLD.practice_id AND status = OLD.status;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO client_counts (practice_id, status, n) VALUES (NEW.practice_id, NEW.status, 1)
            ON CONFLICT (practice_id, status) DO UPDATE SET n = client_counts.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER clients_count_insert AFTER INSERT ON clients
    FOR EACH ROW EXECUTE FUNCTION client_counts_change();
CREATE TRIGGER clients_count_delete AFTER DELETE ON clients
    FOR EACH ROW EXECUTE FUNCTION client_counts_change();
CREATE TRIGGER clients_count_status AFTER UPDATE OF status ON clients
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status) EXECUTE FUNCTION client_counts_change();

-- The clients already stored, counted once (forced row-level security set aside for it, as
-- migration 0007 did).
ALTER TABLE clients NO FORCE ROW LEVEL SECURITY;
ALTER TABLE client_counts NO FORCE ROW LEVEL SECURITY;
INSERT INTO client_counts (practice_id, status, n)
    SELECT practice_id, status, count(*) FROM clients GROUP BY practice_id, status;
ALTER TABLE clients FORCE ROW LEVEL SECURITY;
ALTER TABLE client_counts FORCE ROW LEVEL SECURITY;
