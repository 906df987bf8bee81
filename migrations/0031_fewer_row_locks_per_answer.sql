-- Each foreign key checked on insert takes a KEY SHARE lock on the row it names, which writes
-- that row's lock into its page and the WAL; rows locked by several open transactions at once
-- get a multixact, made anew for each further locker. An answer took three such locks.
--
-- The audit trail's key named the practice: one row, locked by every action of everyone in the
-- practice at once. It guarded nothing a request can reach: an audit row is written only as
-- the tenant (row-level security checks practice_id = app_practice_id()), a closed practice
-- takes no requests, and its deletion removes its trail itself (0023) days later. It goes.
ALTER TABLE audit_events DROP CONSTRAINT audit_events_practice_id_fkey;

-- An answer named its assignment and its client in two keys. One key on the pair now says
-- more with one lock: the answer's client is its assignment's client. Deleting a client still
-- takes their answers, through their assignments.
CREATE UNIQUE INDEX assignments_practice_id_id_client_id_key ON assignments (practice_id, id, client_id);
-- A new key checks the rows already stored as the schema's owner, whom forced row-level
-- security shows no practice's rows: with it forced, the check would read nothing, or fail on a
-- table whose rows the owner may read. It is added with row-level security not forced.
ALTER TABLE responses NO FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments NO FORCE ROW LEVEL SECURITY;
ALTER TABLE responses
    ADD CONSTRAINT responses_assignment_client_fkey FOREIGN KEY (practice_id, assignment_id, client_id)
        REFERENCES assignments (practice_id, id, client_id) ON DELETE CASCADE,
    DROP CONSTRAINT responses_practice_id_assignment_id_fkey,
    DROP CONSTRAINT responses_practice_id_client_id_fkey;
ALTER TABLE responses FORCE ROW LEVEL SECURITY;
ALTER TABLE assignments FORCE ROW LEVEL SECURITY;
