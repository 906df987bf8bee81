-- Steady's roles and database, made once: PostgreSQL's official image runs the files of
-- /docker-entrypoint-initdb.d (deploy/compose.yaml mounts this folder there) on the first
-- start of an empty data volume, as the superuser. The passwords come from the container's
-- environment (STEADY_OWNER_PASSWORD, STEADY_APP_PASSWORD; deploy/.env.example), read with
-- \getenv so that they appear on no command line. To change one later, ALTER ROLE by hand.
--
-- The same two roles as scripts/devdb.sh makes for development (scripts/README.md):
--   steady_owner  owns the database, its schema and, through `steady migrate`, every table;
--   steady_app    what serve and worker connect as: owns nothing, cannot create, does not
--                 bypass row-level security, and gets only the grants the migrations give it.
-- internal/db/migrate.go and the migrations name steady_app: keep these names.

\set ON_ERROR_STOP on
\getenv owner_pw STEADY_OWNER_PASSWORD
\getenv app_pw STEADY_APP_PASSWORD
\if :{?owner_pw}
\else
\set owner_pw ''
\endif
\if :{?app_pw}
\else
\set app_pw ''
\endif
SELECT :'owner_pw' = '' OR :'app_pw' = '' AS missing_password \gset
\if :missing_password
DO $$ BEGIN RAISE EXCEPTION 'STEADY_OWNER_PASSWORD and STEADY_APP_PASSWORD must be set (deploy/.env.example)'; END $$;
\endif

SET client_min_messages = warning;
CREATE ROLE steady_owner LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_pw';
CREATE ROLE steady_app LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'app_pw';
CREATE DATABASE steady OWNER steady_owner;

\connect steady
SET client_min_messages = warning;
-- Only the owner creates objects; the app role may only use what it is granted.
ALTER SCHEMA public OWNER TO steady_owner;
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO steady_app;
