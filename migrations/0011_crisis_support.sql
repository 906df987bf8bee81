-- Crisis support: what a client is shown, at once, after an answer that sets off a risk item
-- (docs/measures.md), and on their "Need help now?" page.
--
-- Both columns stay NULL until the practice edits them. A NULL country is read as the one the
-- practice's time zone implies (internal/crisis), and a NULL crisis_support as Steady's default
-- for that country, computed when read: a better default then reaches every practice that never
-- changed its own.
ALTER TABLE practices
    ADD COLUMN country text CHECK (country ~ '^[A-Z]{2}$'),
    ADD COLUMN crisis_support jsonb CHECK (crisis_support IS NULL OR jsonb_typeof(crisis_support) = 'object');
