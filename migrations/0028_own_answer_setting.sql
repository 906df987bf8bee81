-- The setting that leaves an answer's summary to its own transaction (0027) no longer names
-- the response: its statement's text was new for every answer, so the driver, which keeps a
-- prepared statement per text, prepared it in a round trip of its own before each answer and
-- pushed a useful statement out of its cache to keep it. The setting now says that this
-- transaction's answer sees to its own summary ('own'), in one text for every answer; a
-- pipelined answer's transaction inserts one response and nothing else (homework.submitPiped).
CREATE OR REPLACE FUNCTION client_attention_touch_new() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_NARGS > 0 AND TG_ARGV[0] = 'answer' THEN
        IF current_setting('steady.attention_answer', true) = 'own' THEN
            RETURN NULL;
        END IF;
    END IF;
    INSERT INTO client_attention (practice_id, client_id) VALUES (NEW.practice_id, NEW.client_id)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = '-infinity'
        WHERE client_attention.stale_after <> '-infinity';
    RETURN NULL;
END $$;
