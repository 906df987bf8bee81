package db

import (
	"errors"

	"github.com/google/uuid"
	"github.com/steadyhq/steady/internal/seal"
)

// DataKeys gives a tenant transaction its practice's data key, which seals the practice's
// clinical text (internal/datakeys). It is set on the DB after Open, like the job client.
type DataKeys interface {
	DataKey(tx *Tx) (*seal.Key, error)
}

// ErrNoDataKeys is returned by Seal and Open when the DB was built without DataKeys.
var ErrNoDataKeys = errors.New("db: no data keys configured")

// SetDataKeys tells the DB where tenant transactions get their practice's data key.
func (d *DB) SetDataKeys(k DataKeys) { d.keys = k }

// Seal encrypts plain with the practice's data key for purpose (the row it belongs in, say
// "journal:<id>"), so the value opens only there and only with that practice's key.
func (t *Tx) Seal(plain []byte, purpose string) ([]byte, error) {
	k, err := t.dataKey()
	if err != nil {
		return nil, err
	}
	return k.Seal(plain, purpose), nil
}

// Open decrypts what Seal made for the same purpose in the same practice.
func (t *Tx) Open(sealed []byte, purpose string) ([]byte, error) {
	k, err := t.dataKey()
	if err != nil {
		return nil, err
	}
	return k.Open(sealed, purpose)
}

// dataKey reads the practice's key once per transaction: one indexed read, so a key the
// transaction itself made and then rolled back is never reused by another.
func (t *Tx) dataKey() (*seal.Key, error) {
	if t.key != nil {
		return t.key, nil
	}
	if t.keys == nil {
		return nil, ErrNoDataKeys
	}
	if t.practice == uuid.Nil {
		return nil, errNoPractice
	}
	k, err := t.keys.DataKey(t)
	if err != nil {
		return nil, err
	}
	t.key = k
	return k, nil
}

// SealRows seals rows stored before their text was sealed: query reads (id, text) pairs, a
// batch at a time; update takes (sealed, practice id, id) and empties the plain column. It
// says how many it sealed, so a caller repeats it until none are left.
func (t *Tx) SealRows(query, update string, purpose func(uuid.UUID) string) (int, error) {
	var rows []struct {
		ID   uuid.UUID
		Text string
	}
	if err := t.Gorm.Raw(query).Scan(&rows).Error; err != nil {
		return 0, err
	}
	for _, r := range rows {
		sealed, err := t.Seal([]byte(r.Text), purpose(r.ID))
		if err != nil {
			return 0, err
		}
		if err := t.Gorm.Exec(update, sealed, t.practice, r.ID).Error; err != nil {
			return 0, err
		}
	}
	return len(rows), nil
}
