-- Marking a client's summary stale wrote the row again on every answer, even when it was
-- already stale and waiting for the refresh: a new row version (and its WAL and index
-- entries) per answer for nothing. The upsert now leaves a row that is already stale as it is.
CREATE OR REPLACE FUNCTION client_attention_touch_new() RETURNS trigger
    LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO client_attention (practice_id, client_id) VALUES (NEW.practice_id, NEW.client_id)
        ON CONFLICT (practice_id, client_id) DO UPDATE SET stale_after = '-infinity'
        WHERE client_attention.stale_after <> '-infinity';
    RETURN NULL;
END $$;
