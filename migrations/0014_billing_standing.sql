-- Billing, continued (issue 15): what a subscription's state means for the practice, seat
-- changes that Stripe refused, and the daily reconciliation's way to see every subscription.
ALTER TABLE billing_subscriptions
    ADD COLUMN item_id        text NOT NULL DEFAULT '',     -- the seat line on the Stripe subscription
    ADD COLUMN past_due_since timestamptz,                  -- when the grace period began
    ADD COLUMN standing       text NOT NULL DEFAULT 'full', -- full, grace or read_only, as last told to owners
    ADD COLUMN seat_error     text,                         -- Stripe's refusal of the last seat change
    ADD COLUMN seat_error_at  timestamptz,
    ADD CONSTRAINT billing_subscriptions_standing CHECK (standing IN ('full', 'grace', 'read_only'));

-- Practices made before billing existed start their trial now, like a new one. No practice is
-- set here, and row-level security is forced on the owner too: it is lifted for the fill.
ALTER TABLE billing_subscriptions NO FORCE ROW LEVEL SECURITY;
ALTER TABLE practices NO FORCE ROW LEVEL SECURITY;
INSERT INTO billing_subscriptions (practice_id, status, trial_end, updated_at)
SELECT p.id, 'trialing', now() + interval '30 days', now() FROM practices p
ON CONFLICT (practice_id) DO NOTHING;
ALTER TABLE billing_subscriptions FORCE ROW LEVEL SECURITY;
ALTER TABLE practices FORCE ROW LEVEL SECURITY;

-- The daily reconciliation compares every practice's stored subscription with Stripe. It runs
-- outside any practice, so it lists them through this function and then works in each
-- practice's own tenant transaction.
CREATE FUNCTION billing_practices() RETURNS SETOF uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT b.practice_id FROM billing_subscriptions b ORDER BY b.practice_id $$;
REVOKE EXECUTE ON FUNCTION billing_practices() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_practices() TO steady_app;
