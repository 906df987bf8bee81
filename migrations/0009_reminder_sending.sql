-- A delivery is claimed ('sending') and committed before the provider is called, so no
-- database connection waits on a mail server; a claimed row whose send never finished (a
-- crash) is sent again by the job's retry, under the same idempotency key.
ALTER TABLE reminder_deliveries DROP CONSTRAINT reminder_deliveries_status_check,
    ADD CONSTRAINT reminder_deliveries_status_check CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'skipped'));
