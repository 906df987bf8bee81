-- An answer updates its client's summary itself (issue 19): the usual answer, to an open
-- occurrence of an exercise that is neither a measure nor a programme's last step, changes
-- only that day's counts and the streaks, and those simply when no missed occurrence was due
-- after it. The answer's transaction applies that change (progress.QueueAnswered) instead of
-- marking the row stale for a full refresh, which read the client's whole window again.
--
-- last_missed_due is when the most recent missed occurrence of the refreshed window was due,
-- '-infinity' when there is none. 'infinity' means not known yet: a row not refreshed since
-- this migration takes no per-answer change until it is.
ALTER TABLE client_attention ADD COLUMN last_missed_due timestamptz NOT NULL DEFAULT 'infinity';

-- The answer's own statement names the response it updates the summary for, by a setting
-- local to its transaction; the trigger leaves that response to it. The trigger on responses
-- says so by its argument (its table's name will not do: on Citus a shard's name has a suffix). Any other write still
-- marks the row stale, and so does the answer's statement when the change is not the usual
-- one, so the setting being lost (a pooler, a node) costs a refresh, never a wrong figure.
CREATE OR REPLACE FUNCTION client_attention_touch_new() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_NARGS > 0 AND TG_ARGV[0] = 'answer' THEN
        IF NEW.id::text = current_setting('steady.attention_answer', true) THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO client_attention (practice_id, client_id) VALUES (NEW.practice_id, NEW.client_id)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = '-infinity'
        WHERE client_attention.stale_after <> '-infinity';
    RETURN NULL;
END $$;
DROP TRIGGER responses_attention ON responses;
CREATE TRIGGER responses_attention AFTER INSERT ON responses
    FOR EACH ROW EXECUTE FUNCTION client_attention_touch_new('answer');
