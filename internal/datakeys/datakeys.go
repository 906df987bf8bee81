// Package datakeys gives each practice its own data key, which seals the practice's clinical
// text: journals, answers, alert and safety-screen notes. A data key is stored only wrapped
// (sealed) by the deployment's master key, STEADY_SECRET_KEY, so a dump or a backup of the
// database alone opens none of it. Rotating the master key re-wraps the data keys and
// touches no sealed row (docs/security.md).
package datakeys

import (
	"crypto/rand"
	"errors"
	"fmt"
	"sync"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/seal"
)

// Keyring wraps and unwraps data keys with the master key, and with the keys it replaced
// while a rotation is under way.
type Keyring struct {
	master   *seal.Key
	previous map[string]*seal.Key // by ID: master keys a rotation is moving away from
	opened   sync.Map             // wrapped bytes → *seal.Key: unwrapping is skipped
	// committed holds the keys read as stored rows, by practice: a committed key never changes
	// (rotation re-wraps it, the key itself stays), so later transactions skip the read.
	committed sync.Map
}

// New builds a keyring on master; previous are the master keys it replaced, kept until
// `steady keys rotate` has re-wrapped every data key.
func New(master *seal.Key, previous ...*seal.Key) *Keyring {
	r := &Keyring{master: master, previous: map[string]*seal.Key{}}
	for _, p := range previous {
		r.previous[p.ID()] = p
	}
	return r
}

// stored is a practice_keys row.
type stored struct {
	Wrapped  []byte
	MasterID string
}

const (
	keySQL       = `SELECT wrapped, master_id FROM practice_keys WHERE practice_id = ?`
	insertKeySQL = `INSERT INTO practice_keys (practice_id, wrapped, master_id, created_at)
		VALUES (?, ?, ?, now()) ON CONFLICT (practice_id) DO NOTHING`
)

// DataKey returns the transaction's practice's data key, making it on first use. A key read as
// a stored row is kept: another transaction's row, which READ COMMITTED shows only once it is
// committed, or one committed before this transaction began. A key this transaction makes is
// not kept, and the next transaction reads the row again, so a key made by a transaction that
// rolled back is never used again.
func (r *Keyring) DataKey(tx *db.Tx) (*seal.Key, error) {
	practiceID := tx.PracticeID()
	if k, ok := r.committed.Load(practiceID); ok {
		return k.(*seal.Key), nil
	}
	for i := range 2 {
		var rows []stored
		if err := tx.Gorm.Raw(keySQL, practiceID).Scan(&rows).Error; err != nil {
			return nil, err
		}
		if len(rows) == 1 {
			k, err := r.unwrap(practiceID, rows[0])
			if err == nil && i == 0 {
				r.committed.Store(practiceID, k)
			}
			return k, err
		}
		// None yet. A concurrent first use inserts too: ON CONFLICT waits for it and skips,
		// and the second read sees its committed row.
		_, wrapped, err := r.Make(practiceID)
		if err != nil {
			return nil, err
		}
		if err := tx.Gorm.Exec(insertKeySQL, practiceID, wrapped, r.master.ID()).Error; err != nil {
			return nil, err
		}
	}
	return nil, fmt.Errorf("datakeys: no key for practice %s after making one", practiceID)
}

// Make makes a new data key for the practice and returns it with its wrapped form, to be
// stored in practice_keys with MasterID: DataKey on first use, or a seed that writes its rows
// with COPY (the benchmark's).
func (r *Keyring) Make(practiceID uuid.UUID) (*seal.Key, []byte, error) {
	raw := make([]byte, seal.KeySize)
	if _, err := rand.Read(raw); err != nil {
		return nil, nil, err
	}
	k, err := seal.NewKey(raw)
	return k, r.master.Seal(raw, wrapPurpose(practiceID)), err
}

// MasterID names the master key that wraps new data keys.
func (r *Keyring) MasterID() string { return r.master.ID() }

// ErrUnknownMaster means a data key was wrapped by a master key this deployment does not have.
var ErrUnknownMaster = errors.New("datakeys: data key wrapped by an unknown master key (STEADY_SECRET_KEY)")

func (r *Keyring) unwrap(practiceID uuid.UUID, s stored) (*seal.Key, error) {
	if k, ok := r.opened.Load(string(s.Wrapped)); ok {
		return k.(*seal.Key), nil
	}
	raw, err := r.unwrapRaw(practiceID, s)
	if err != nil {
		return nil, err
	}
	k, err := seal.NewKey(raw)
	if err != nil {
		return nil, err
	}
	r.opened.Store(string(s.Wrapped), k)
	return k, nil
}

// unwrapRaw opens a stored data key with the master key that wrapped it.
func (r *Keyring) unwrapRaw(practiceID uuid.UUID, s stored) ([]byte, error) {
	master := r.previous[s.MasterID]
	if s.MasterID == r.master.ID() {
		master = r.master
	}
	if master == nil {
		return nil, fmt.Errorf("%w: %s", ErrUnknownMaster, s.MasterID)
	}
	return master.Open(s.Wrapped, wrapPurpose(practiceID))
}

// wrapPurpose binds a wrapped key to its practice: copied to another practice's row, it does
// not open.
func wrapPurpose(practiceID uuid.UUID) string { return "data key:" + practiceID.String() }

// Kept is the practice's data key if a transaction has read it as committed (DataKey), for
// paths that seal without a transaction of their own to read it in (db.Pipe).
func (r *Keyring) Kept(practiceID uuid.UUID) (*seal.Key, bool) {
	k, ok := r.committed.Load(practiceID)
	if !ok {
		return nil, false
	}
	return k.(*seal.Key), true
}
