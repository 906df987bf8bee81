package db

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/steadyhq/steady/internal/seal"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
	"gorm.io/gorm"
)

// Scope says on whose behalf a transaction runs. PracticeID selects the tenant that
// row-level security lets the transaction see; UserID is the acting person (may be nil).
type Scope struct {
	PracticeID uuid.UUID
	UserID     uuid.UUID
}

// JobInserter is the part of River's client that inserts jobs in a caller's transaction.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
	InsertManyTx(ctx context.Context, tx pgx.Tx, params []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
}

// Tx is one unit of work: a transaction on a dedicated connection, run through GORM, which
// River can join.
type Tx struct {
	// Gorm runs statements in this transaction, cancelled with the transaction's context:
	// callers never add WithContext.
	Gorm     *gorm.DB
	conn     *sql.Conn
	jobs     JobInserter
	practice uuid.UUID // the tenant, or uuid.Nil in InGlobal
	user     uuid.UUID // the acting person, if the scope names one
	keys     DataKeys  // where the practice's data key comes from (sealing.go)
	key      *seal.Key // the practice's data key, once read in this transaction
}

// UserID is the acting person the transaction's scope names (uuid.Nil when none).
func (t *Tx) UserID() uuid.UUID { return t.user }

// PracticeID is the tenant the transaction runs as (uuid.Nil outside InTenant). Row-level
// security already keeps every statement to it; a statement that locks rows (FOR UPDATE)
// names it as well, because Citus locks rows only in a query it can send to one practice's
// shard, which it learns from an equality on practice_id (deploy/scale-out.md).
func (t *Tx) PracticeID() uuid.UUID { return t.practice }

// ErrNoJobs is returned by InsertJob when the DB was built without a River client.
var ErrNoJobs = errors.New("db: no job client configured")

// InTenant runs fn in a transaction that sees only scope.PracticeID's rows. The settings are
// transaction-local (SET LOCAL), so nothing of this tenant survives on the
// pooled connection once the transaction ends, whether it commits or rolls back.
func (d *DB) InTenant(ctx context.Context, scope Scope, fn func(*Tx) error) error {
	if scope.PracticeID == uuid.Nil {
		return errNoPractice
	}
	return d.run(ctx, &scope, fn)
}

// InGlobal runs fn in a transaction with no tenant set: tenant tables show no rows. It is the
// path for global tables (sessions, rate limits) and the definer functions of log-in.
func (d *DB) InGlobal(ctx context.Context, fn func(*Tx) error) error {
	return d.run(ctx, nil, fn)
}

func (d *DB) run(ctx context.Context, scope *Scope, fn func(*Tx) error) (err error) {
	conn, err := d.SQL.Conn(ctx)
	if err != nil {
		return fmt.Errorf("db: acquire connection: %w", err)
	}
	defer conn.Close()
	// BEGIN and the tenant's settings go in one round trip (the simple protocol runs several
	// statements at once), where database/sql's BeginTx would spend one on BEGIN alone; the
	// transaction is then ours to end, below.
	begin := "BEGIN"
	if scope != nil {
		begin += "; " + scope.tenantSQL()
	}
	if _, err = conn.ExecContext(ctx, begin); err != nil {
		discard(conn)
		return fmt.Errorf("db: begin: %w", err)
	}
	defer func() {
		if p := recover(); p != nil {
			end(conn, "ROLLBACK")
			panic(p)
		}
		if err != nil {
			end(conn, "ROLLBACK")
			if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
				// A statement sent after the request ended fails as a bad connection;
				// say why it ended.
				err = fmt.Errorf("%w: %w", cerr, err)
			}
			return
		}
		err = end(conn, "COMMIT")
	}()
	// The handle is bound to the transaction's connection and to ctx once, here: every query
	// through tx.Gorm runs in this transaction and is cancelled with ctx, so callers never
	// add WithContext (docs/decisions/0006-data-access.md).
	gtx := d.Gorm.Session(&gorm.Session{NewDB: true, Context: ctx})
	gtx.Statement.ConnPool = inTx{conn}
	tx := &Tx{Gorm: gtx, conn: conn, jobs: d.jobs, keys: d.keys}
	if scope != nil {
		tx.practice, tx.user = scope.PracticeID, scope.UserID
	}
	return fn(tx)
}

// inTx is the open transaction's connection as GORM sees it: statements only. It has no
// BeginTx, so GORM cannot begin (and then commit) a transaction of its own on the connection
// in the middle of ours; asked to, it fails with ErrInvalidTransaction.
type inTx struct{ c *sql.Conn }

func (t inTx) PrepareContext(ctx context.Context, query string) (*sql.Stmt, error) {
	return t.c.PrepareContext(ctx, query)
}
func (t inTx) ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error) {
	return t.c.ExecContext(ctx, query, args...)
}
func (t inTx) QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return t.c.QueryContext(ctx, query, args...)
}
func (t inTx) QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row {
	return t.c.QueryRowContext(ctx, query, args...)
}

// end commits or rolls back the transaction open on conn. A COMMIT that PostgreSQL turns
// into a rollback (a statement failed and the caller went on) is an error, as database/sql's
// Commit makes it. When ending fails the connection is dropped, so that a transaction left
// open never goes back to the pool. It runs without the caller's context: a cancelled
// request still ends its transaction.
func end(conn *sql.Conn, verb string) error {
	ctx, cancel := context.WithTimeout(context.Background(), endTimeout)
	defer cancel()
	err := conn.Raw(func(dc any) error {
		sc, ok := dc.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("db: unexpected driver connection %T", dc)
		}
		tag, err := sc.Conn().Exec(ctx, verb)
		if err == nil && verb == "COMMIT" && tag.String() == "ROLLBACK" {
			return errCommitRolledBack
		}
		return err
	})
	if err != nil {
		discard(conn)
		if !errors.Is(err, errCommitRolledBack) {
			err = fmt.Errorf("db: %s: %w", strings.ToLower(verb), err)
		}
	}
	return err
}

// endTimeout bounds a COMMIT or ROLLBACK.
const endTimeout = 30 * time.Second

var errCommitRolledBack = errors.New("db: commit: the transaction had failed and was rolled back")

// discard closes conn's driver connection instead of returning it to the pool.
func discard(conn *sql.Conn) {
	_ = conn.Raw(func(any) error { return driver.ErrBadConn })
}

// tenantStatements name the tenant and the acting person for the rest of the transaction they
// run in. They are the one place that sets them: InTenant, Batch.As and SetTenant all run
// them. SET LOCAL makes both transaction-local, so nothing of the tenant outlives the
// transaction on a pooled connection (docs/tenancy.md); and on Citus, which passes SET LOCAL
// on to the nodes a transaction reaches (citus.propagate_set_commands = 'local', set by
// CitusPlan), the shards' row-level security sees them too, which set_config() would not do.
// SET takes no bind parameters: the values are a uuid's canonical text (hex and dashes) or
// empty, never anything else.
func (s Scope) tenantStatements() [2]string {
	return [2]string{
		"SET LOCAL app.practice_id = '" + s.PracticeID.String() + "'",
		"SET LOCAL app.user_id = '" + optionalID(s.UserID) + "'",
	}
}

// tenantSQL is both statements as one string. Without arguments pgx sends it by the simple
// protocol, which runs several statements in one round trip (behind a pooler too).
func (s Scope) tenantSQL() string {
	st := s.tenantStatements()
	return st[0] + "; " + st[1]
}

// tenantPrefix starts the first tenant statement, whatever the tenant.
const tenantPrefix = "SET LOCAL app.practice_id = "

var errNoPractice = errors.New("db: tenant transaction without a practice")

// SetTenant names scope's tenant in a pgx transaction that did not come from InTenant: the
// benchmark's seeding, which writes with COPY as the schema owner (row-level security is
// forced on the owner too). Application code uses InTenant or Batch.As instead.
func SetTenant(ctx context.Context, tx pgx.Tx, scope Scope) error {
	if scope.PracticeID == uuid.Nil {
		return errNoPractice
	}
	if _, err := tx.Exec(ctx, scope.tenantSQL()); err != nil {
		return fmt.Errorf("db: set tenant: %w", err)
	}
	return nil
}

func optionalID(id uuid.UUID) string {
	if id == uuid.Nil {
		return ""
	}
	return id.String()
}

// InsertJob inserts a River job in this transaction: if the transaction rolls back, the job
// is gone with it, and a committed transaction never loses its job.
func (t *Tx) InsertJob(ctx context.Context, args river.JobArgs, opts *river.InsertOpts) error {
	if t.jobs == nil {
		return ErrNoJobs
	}
	return t.WithPgx(func(tx pgx.Tx) error {
		_, err := t.jobs.InsertTx(ctx, tx, args, opts)
		return err
	})
}

// InsertJobs inserts many River jobs in this transaction, in one round trip.
func (t *Tx) InsertJobs(ctx context.Context, params []river.InsertManyParams) error {
	if t.jobs == nil {
		return ErrNoJobs
	}
	if len(params) == 0 {
		return nil
	}
	return t.WithPgx(func(tx pgx.Tx) error {
		_, err := t.jobs.InsertManyTx(ctx, tx, params)
		return err
	})
}

// WithPgx hands fn a pgx.Tx view of this open transaction (see joinedTx). The view is valid
// only during fn.
func (t *Tx) WithPgx(fn func(pgx.Tx) error) error {
	return t.conn.Raw(func(driverConn any) error {
		sc, ok := driverConn.(*stdlib.Conn)
		if !ok {
			return fmt.Errorf("db: unexpected driver connection %T", driverConn)
		}
		return fn(&joinedTx{conn: sc.Conn()})
	})
}
