-- An answer that sees to its own summary (0028: SET LOCAL steady.attention_answer = 'own', the
-- pipelined submit) still paid for the trigger: the row was queued, and the plpgsql function,
-- with its own search_path, was entered only to return at once. That was about 40 µs of every
-- answer's insert. The trigger's WHEN now makes the same test before anything is queued; every
-- other insert (the transaction path, the demo's seed) fires it exactly as before.
DROP TRIGGER responses_attention ON responses;
CREATE TRIGGER responses_attention AFTER INSERT ON responses
    FOR EACH ROW WHEN (current_setting('steady.attention_answer', true) IS DISTINCT FROM 'own')
    EXECUTE FUNCTION client_attention_touch_new('answer');
