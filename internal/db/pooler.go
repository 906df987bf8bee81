package db

import (
	"fmt"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Options say how Steady reaches PostgreSQL.
type Options struct {
	// TransactionPooler: the connections go through a pooler in transaction mode (PgBouncer
	// with pool_mode = transaction), which lends a server connection for one transaction, or
	// one statement outside a transaction, and then to another client. Nothing may then rely
	// on a session: tenant settings are transaction-local already (SET LOCAL, tenantStatements), and pgx must
	// not name prepared statements. Its default (cache_statement) prepares each query once per
	// connection under a name and reuses it; behind the pooler the next execution lands on a
	// server connection that never saw it ("prepared statement does not exist"), and PgBouncer
	// tracks named statements only from 1.21 (Debian 12 ships 1.18). Queries then run in pgx's
	// exec mode: an unnamed statement parsed, bound and run in one round trip, parameters
	// still sent apart from the SQL. The URL may choose simple_protocol instead
	// (default_query_exec_mode), which pgx interpolates on the client.
	TransactionPooler bool
}

// poolConfig reads url into pgxpool's configuration with Steady's settings and o's.
func poolConfig(url string, o Options) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("parse database url: %w", err)
	}
	cfg.MaxConnIdleTime = 5 * time.Minute
	if o.TransactionPooler && cfg.ConnConfig.DefaultQueryExecMode != pgx.QueryExecModeSimpleProtocol {
		// One rule rather than a list of the modes that happen to be safe: describe_exec, for
		// one, describes the unnamed statement in one round trip and runs it in the next,
		// which the pooler may send to another server connection.
		cfg.ConnConfig.DefaultQueryExecMode = pgx.QueryExecModeExec
	}
	return cfg, nil
}

// registerUUIDArrays tells pgx that slices of uuid.UUID and uuid.NullUUID are uuid[]. The
// statement cache learns parameter types from the server; exec mode (Options) takes them
// from the Go values and finds no type for these slices. A single one needs no help: it
// goes as text, which the server reads as the column's uuid.
func registerUUIDArrays(m *pgtype.Map) {
	m.RegisterDefaultPgType([]uuid.UUID(nil), "_uuid")
	m.RegisterDefaultPgType([]*uuid.UUID(nil), "_uuid")
	m.RegisterDefaultPgType([]uuid.NullUUID(nil), "_uuid")
}
