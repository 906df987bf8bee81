-- A clinician may clear their own alert-rule override, so the practice's rules apply again:
-- the app removes the override's row (rule_alerts stay append-and-close).
GRANT DELETE ON alert_rules TO steady_app;
