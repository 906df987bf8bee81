-- Practice billing (issue 15). A practice's subscription as Steady last read it from Stripe:
-- the webhook job and the daily reconciliation write it, always from an object re-read from
-- Stripe, so the row converges on Stripe's state whatever order events arrive in.
CREATE TABLE billing_subscriptions (
    practice_id          uuid PRIMARY KEY REFERENCES practices (id) ON DELETE CASCADE,
    customer_id          text NOT NULL DEFAULT '',
    subscription_id      text NOT NULL DEFAULT '',
    status               text NOT NULL DEFAULT 'none',
    price_id             text NOT NULL DEFAULT '',
    quantity             integer NOT NULL DEFAULT 0,
    trial_end            timestamptz,
    current_period_end   timestamptz,
    cancel_at_period_end boolean NOT NULL DEFAULT false,
    updated_at           timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE billing_subscriptions ENABLE ROW LEVEL SECURITY;
ALTER TABLE billing_subscriptions FORCE ROW LEVEL SECURITY;
CREATE POLICY billing_subscriptions_tenant ON billing_subscriptions
    USING (practice_id = app_practice_id()) WITH CHECK (practice_id = app_practice_id());
GRANT SELECT, INSERT, UPDATE ON billing_subscriptions TO steady_app;
CREATE INDEX billing_subscriptions_customer_idx ON billing_subscriptions (customer_id) WHERE customer_id <> '';

-- A Stripe event names a customer, not a practice: the webhook job finds the practice through
-- this function, its one way to look across practices (the owner's lookup policy is for it).
CREATE POLICY billing_subscriptions_owner_lookup ON billing_subscriptions FOR SELECT TO CURRENT_USER USING (true);
CREATE FUNCTION billing_customer_practice(p_customer text) RETURNS uuid
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
    AS $$ SELECT b.practice_id FROM billing_subscriptions b WHERE b.customer_id = p_customer AND p_customer <> '' $$;
REVOKE EXECUTE ON FUNCTION billing_customer_practice(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION billing_customer_practice(text) TO steady_app;

-- Stripe events received, each once: the endpoint inserts the id in the transaction of the job
-- that processes it, so a redelivered event is a no-op and a received one is never lost. Not a
-- tenant table: an event names its practice only once the job has read the object it is about.
-- Only ids, types and times are kept, never the payload.
CREATE TABLE billing_events (
    id           text PRIMARY KEY,
    type         text NOT NULL,
    received_at  timestamptz NOT NULL,
    processed_at timestamptz
);
GRANT SELECT, INSERT, UPDATE ON billing_events TO steady_app;
