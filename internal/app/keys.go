package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/datakeys"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/seal"
)

// keys are the master key (STEADY_SECRET_KEY), which seals two-factor secrets and derives
// tokens, and the keyring that wraps each practice's data key with it. The keys it replaced
// (STEADY_PREVIOUS_SECRET_KEYS) still open what they wrapped until `steady keys rotate` has
// re-wrapped it, so a new key is rolled out with no downtime (docs/security.md).
func (c Config) keys(log *slog.Logger) (*masterKeys, error) {
	master, err := c.sealKey(log)
	if err != nil {
		return nil, err
	}
	previous := make([]*seal.Key, 0, len(c.PreviousSecretKeys))
	for _, raw := range c.PreviousSecretKeys {
		k, err := seal.NewKey(raw)
		if err != nil {
			return nil, err
		}
		previous = append(previous, k)
	}
	return &masterKeys{master: master, previous: previous, ring: datakeys.New(master, previous...)}, nil
}

// masterKeys are the configured keys and the keyring built on them.
type masterKeys struct {
	master   *seal.Key
	previous []*seal.Key
	ring     *datakeys.Keyring
}

// ownerDB opens the database as the schema owner with the data keys: re-sealing two-factor
// secrets reads every user, which only the owner may.
func (c Config) ownerDB(ctx context.Context, keys *masterKeys) (*db.DB, error) {
	d, err := db.OpenWith(ctx, c.MigrationDatabaseURL, c.dbOptions())
	if err == nil {
		d.SetDataKeys(keys.ring)
	}
	return d, err
}

// sealStoredArgs is the job that seals the clinical text stored before migration 0020. It runs
// in the worker, which holds the master key (`steady migrate` does not), on start and hourly;
// once everything is sealed it reads one empty batch per practice and stops.
type sealStoredArgs struct{}

func (sealStoredArgs) Kind() string { return "seal_stored" }

type sealStoredWorker struct {
	river.WorkerDefaults[sealStoredArgs]
	DB  *db.DB
	Log *slog.Logger
}

func (w *sealStoredWorker) Work(ctx context.Context, _ *river.Job[sealStoredArgs]) error {
	n, err := SealStored(ctx, w.DB)
	if n > 0 {
		w.Log.Info("sealed clinical text stored before sealing", "rows", n)
	}
	return err
}

// sealers seal, a batch of one practice at a time, each domain's text still stored plain.
var sealers = []func(*db.Tx) (int, error){assignments.SealStored, checkins.SealStored, safety.SealStored}

// SealStored seals every practice's clinical text still stored plain, a batch per
// transaction, and says how many rows it sealed. Run again, it finds nothing to do. The app
// role may do it: it may update the plain and sealed columns and nothing else there.
func SealStored(ctx context.Context, d *db.DB) (int, error) {
	var practices []uuid.UUID
	if err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT datakeys_practices()`).Scan(&practices).Error
	}); err != nil {
		return 0, err
	}
	total := 0
	for _, p := range practices {
		for n := -1; n != 0; total += n {
			n = 0
			err := d.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) error {
				for _, sealStored := range sealers {
					k, err := sealStored(tx)
					if err != nil {
						return err
					}
					n += k
				}
				return nil
			})
			if err != nil {
				return total, err
			}
		}
	}
	return total, nil
}

// rotateKeys re-wraps every data key, and re-seals every two-factor secret, with the master
// key: the step between rolling out a new STEADY_SECRET_KEY (the old one moved to
// STEADY_PREVIOUS_SECRET_KEYS) and removing the old one (docs/security.md).
func rotateKeys(ctx context.Context, c Config, log *slog.Logger, out io.Writer) error {
	keys, err := c.keys(log)
	if err != nil {
		return err
	}
	d, err := c.ownerDB(ctx, keys)
	if err != nil {
		return err
	}
	defer d.Close()
	wrapped, err := keys.ring.Rotate(ctx, d, c.Clock()())
	if err != nil {
		return err
	}
	resealed, err := auth.ResealSecrets(ctx, d, keys.master, keys.previous)
	fmt.Fprintf(out, "Re-wrapped %d practice data keys and re-sealed %d two-factor secrets with key %s.\n",
		wrapped, resealed, keys.master.ID())
	return err
}
