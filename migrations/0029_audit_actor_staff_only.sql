-- The audit trail's actor index answers "what did this member of staff do". A client's own
-- events (an answer, a journal entry) have no staff actor, and indexing them under NULL made
-- every answer write an index entry nothing reads. The filter on one actor still uses it:
-- actor_user_id = $1 implies the column is not NULL.
DROP INDEX audit_events_actor_idx;
CREATE INDEX audit_events_actor_idx ON audit_events (practice_id, actor_user_id, occurred_at DESC)
    WHERE actor_user_id IS NOT NULL;
