-- What the weekly digest (issue 16) says about each client, kept beside the caseload's order.
-- Recomputing a client's week costs the few queries a refresh costs; a digest of every client
-- of a large practice must instead be one indexed read (docs/benchmarks.md). The figures are
-- computed by the same Go code as the caseload's (internal/progress/week.go), at the same
-- refreshes: the triggers of 0007 and stale_after cover every way they can change.
--
-- Dates are the client's own local days, written "2026-11-23". The reader
-- (progress.Weeks) keeps what falls in the week it is asked about.
ALTER TABLE client_attention
    -- Measures better by a reliable change, shaped like worsening:
    -- [{"instrument": "phq-9", "first": 16, "latest": 8}].
    ADD COLUMN improving    jsonb NOT NULL DEFAULT '[]',
    -- Per day of the last four weeks (the 26 days before the refresh that it loads whole, and
    -- after), [due, done]: the occurrences of that date that are done or have closed, and of
    -- them those done, on time or late. An occurrence still open and unanswered is in neither
    -- yet; a day with none is absent: {"2026-11-23": [3, 2]}.
    ADD COLUMN days         jsonb NOT NULL DEFAULT '{}',
    -- Occurrences done, on time or late, in a row from the most recent closed one back: the
    -- mirror of missed_streak.
    ADD COLUMN kept_streak  integer NOT NULL DEFAULT 0 CHECK (kept_streak >= 0),
    -- Measures asked and not answered: missed, or open now. One not open yet when the row
    -- was refreshed but opening before it turns stale carries "opens", so a read after that
    -- instant counts it with no refresh: [{"date", "title", "opens"?}].
    ADD COLUMN measures_due jsonb NOT NULL DEFAULT '[]',
    -- Assignments not stopped, with their last day (a programme's last step, or the end
    -- date): every one from the window's start to 14 days past the next forced refresh, so
    -- that any recent week finds those ending in the 14 days after it: [{"date", "title"}].
    ADD COLUMN ending       jsonb NOT NULL DEFAULT '[]',
    -- Programmes whose last step was done, on time or late, in the last four weeks, dated by
    -- that step: [{"date", "title"}].
    ADD COLUMN completed    jsonb NOT NULL DEFAULT '[]';

-- Every row is refreshed by the periodic job, which fills the new columns. Row-level security
-- is forced on the owner too, and no practice is set here: it is lifted for this transaction.
ALTER TABLE client_attention NO FORCE ROW LEVEL SECURITY;
UPDATE client_attention SET stale_after = '-infinity';
ALTER TABLE client_attention FORCE ROW LEVEL SECURITY;
