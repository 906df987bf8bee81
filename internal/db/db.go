// Package db owns Steady's connection to PostgreSQL: one pgx pool shared by GORM (through
// database/sql) and River, tenant-scoped transactions, and the migration runner.
package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
	pgxuuid "github.com/vgarvardt/pgx-google-uuid/v5"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/clause"
	"gorm.io/gorm/logger"
)

// DB is the application's handle on PostgreSQL. Pool is the one pool of connections; SQL and
// Gorm are views of it, so a transaction begun through one can be handed to the others.
type DB struct {
	Pool *pgxpool.Pool
	SQL  *sql.DB
	Gorm *gorm.DB
	jobs JobInserter
	keys DataKeys
}

// Open connects to url and checks that the server answers.
func Open(ctx context.Context, url string) (*DB, error) { return OpenWith(ctx, url, Options{}) }

// OpenWith is Open with the options o (a pooler in transaction mode, see Options).
func OpenWith(ctx context.Context, url string, o Options) (*DB, error) {
	cfg, err := poolConfig(url, o)
	if err != nil {
		return nil, err
	}
	// pgx would encode a uuid.UUID through its driver.Valuer, by way of a string and an error
	// made and dropped for each value: a fifth of a reminder storm's CPU. The codec is direct.
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		pgxuuid.Register(c.TypeMap())
		registerUUIDArrays(c.TypeMap())
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("open pool: %w", err)
	}
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := pool.Ping(pingCtx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("reach database: %w", err)
	}
	sqlDB := stdlib.OpenDBFromPool(pool)
	gdb, err := gorm.Open(postgres.New(postgres.Config{Conn: sqlDB}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true, // every write already runs inside our own transaction
		TranslateError:         true,
	})
	if err != nil {
		pool.Close()
		return nil, fmt.Errorf("open gorm: %w", err)
	}
	return &DB{Pool: pool, SQL: sqlDB, Gorm: gdb}, nil
}

// SetJobs tells the DB which River client inserts jobs inside its transactions. The client
// is built from the pool after the DB, hence a setter rather than an Open argument.
func (d *DB) SetJobs(j JobInserter) { d.jobs = j }

// Close releases every connection.
func (d *DB) Close() {
	_ = d.SQL.Close()
	d.Pool.Close()
}

// Bytes passes a bytea value (a token hash, say) as one query argument. GORM would otherwise
// expand a plain []byte argument into a list of numbers.
type Bytes []byte

// Value implements driver.Valuer.
func (b Bytes) Value() (driver.Value, error) { return []byte(b), nil }

// JSON encodes a value for a jsonb column. Callers pass their own plain types, which always
// encode, so a failure is a programming error.
func JSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// True is the condition that lets every row through: what a named query's filter slot gets
// when nothing narrows it. PostgreSQL folds it away before planning.
var True = gorm.Expr("TRUE")

// And joins the conditions a caller's input decides into one `?` slot of a named query
// (docs/decisions/0006-data-access.md), each in parentheses and with its own arguments. True
// conditions are left out; with none left it is True.
func And(conds ...clause.Expr) clause.Expr {
	var parts []string
	var vars []any
	for _, c := range conds {
		if c.SQL == True.SQL && len(c.Vars) == 0 {
			continue
		}
		parts, vars = append(parts, "(?)"), append(vars, c)
	}
	if len(parts) == 0 {
		return True
	}
	return gorm.Expr(strings.Join(parts, " AND "), vars...)
}

// MinusInfinity is the timestamptz '-infinity' as a value to send, for statements that may not
// read it from text: Citus refuses a non-immutable expression in a distributed UPDATE's CASE
// or COALESCE, and reading a timestamptz from text is stable.
var MinusInfinity = pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}
