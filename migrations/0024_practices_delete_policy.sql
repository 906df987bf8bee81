-- A practice may be deleted by the application role only once it is closed. 0023 said so with a
-- restrictive policy beside practices_tenant (FOR ALL), but Citus 12.1 hands a distributed
-- table's policies to its nodes as permissive ones, where the two are OR'ed: on Citus an open
-- practice could be deleted. The rule is now one permissive policy per command, so DELETE has
-- only its own, and no restrictive policy is needed (db.TenantSchemaProblems refuses one).
DROP POLICY practices_delete_only_closed ON practices;
DROP POLICY practices_tenant ON practices;
CREATE POLICY practices_tenant ON practices FOR SELECT USING (id = app_practice_id());
CREATE POLICY practices_tenant_insert ON practices FOR INSERT WITH CHECK (id = app_practice_id());
CREATE POLICY practices_tenant_update ON practices FOR UPDATE
    USING (id = app_practice_id()) WITH CHECK (id = app_practice_id());
CREATE POLICY practices_delete_only_closed ON practices FOR DELETE
    USING (id = app_practice_id() AND closed_at IS NOT NULL);
