package datakeys_test

import (
	"context"
	"crypto/rand"
	"sync"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/datakeys"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/seal"
)

func newKey(t *testing.T) *seal.Key {
	raw := make([]byte, seal.KeySize)
	_, err := rand.Read(raw)
	require.NoError(t, err)
	k, err := seal.NewKey(raw)
	require.NoError(t, err)
	return k
}

// openDB opens the test's database as the app role with ring.
func openDB(t *testing.T, a *apptest.App, ring *datakeys.Keyring) *db.DB {
	d, err := db.Open(context.Background(), a.Env.AppURL)
	require.NoError(t, err)
	t.Cleanup(d.Close)
	d.SetDataKeys(ring)
	return d
}

// Eight transactions using a practice's key for the first time at once end with one key:
// what each sealed, the others open.
func TestFirstUseMakesOneKey(t *testing.T) {
	a, tm := apptest.Practice(t, "firstuse")
	d := openDB(t, a, datakeys.New(newKey(t)))
	ctx, scope := context.Background(), db.Scope{PracticeID: tm.ID}
	sealed := make([][]byte, 8)
	var wg sync.WaitGroup
	for i := range sealed {
		wg.Go(func() {
			require.NoError(t, d.InTenant(ctx, scope, func(tx *db.Tx) (err error) {
				sealed[i], err = tx.Seal([]byte("words"), "test")
				return err
			}))
		})
	}
	wg.Wait()
	require.NoError(t, d.InTenant(ctx, scope, func(tx *db.Tx) error {
		for _, s := range sealed {
			plain, err := tx.Open(s, "test")
			require.NoError(t, err)
			require.Equal(t, "words", string(plain))
		}
		_, err := tx.Open(sealed[0], "another row")
		require.ErrorIs(t, err, seal.ErrOpen, "a value copied to another row does not open")
		return nil
	}))
	require.Len(t, masters(t, a, tm.ID), 1, "one stored key")
}

// A practice's key never opens another practice's text.
func TestKeysArePerPractice(t *testing.T) {
	a, one := apptest.Practice(t, "one")
	two := apptest.SeedTeam(t, a, "two")
	d := openDB(t, a, datakeys.New(newKey(t)))
	ctx := context.Background()
	var sealed []byte
	require.NoError(t, d.InTenant(ctx, db.Scope{PracticeID: one.ID}, func(tx *db.Tx) (err error) {
		sealed, err = tx.Seal([]byte("words"), "test")
		return err
	}))
	require.NoError(t, d.InTenant(ctx, db.Scope{PracticeID: two.ID}, func(tx *db.Tx) error {
		_, err := tx.Open(sealed, "test")
		require.ErrorIs(t, err, seal.ErrOpen)
		return nil
	}))
}

// Rotating the master key re-wraps the data keys: text sealed before opens with the new key
// alone once the rotation is done, and a second rotation has nothing to do.
func TestRotationRewrapsWithoutResealing(t *testing.T) {
	a, tm := apptest.Practice(t, "rotate")
	ctx, scope := context.Background(), db.Scope{PracticeID: tm.ID}
	old, next := newKey(t), newKey(t)
	var sealed []byte
	require.NoError(t, openDB(t, a, datakeys.New(old)).InTenant(ctx, scope, func(tx *db.Tx) (err error) {
		sealed, err = tx.Seal([]byte("words"), "test")
		return err
	}))
	opens := func(d *db.DB) error {
		return d.InTenant(ctx, scope, func(tx *db.Tx) error {
			plain, err := tx.Open(sealed, "test")
			if err == nil {
				require.Equal(t, "words", string(plain))
			}
			return err
		})
	}

	require.ErrorIs(t, opens(openDB(t, a, datakeys.New(next))), datakeys.ErrUnknownMaster,
		"without the old key among the previous ones, nothing opens")
	during := datakeys.New(next, old) // the new key rolled out, the old one kept as previous
	d := openDB(t, a, during)
	require.NoError(t, opens(d), "replicas read the practice's text throughout the rotation")
	n, err := during.Rotate(ctx, d, a.Now())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, []string{next.ID()}, masters(t, a, tm.ID))
	n, err = during.Rotate(ctx, d, a.Now())
	require.NoError(t, err)
	require.Zero(t, n)

	require.NoError(t, opens(openDB(t, a, datakeys.New(next))), "the old key can go")
	require.ErrorIs(t, opens(openDB(t, a, datakeys.New(old))), datakeys.ErrUnknownMaster)
}

// masters lists which master key wrapped each of the practice's stored keys.
func masters(t *testing.T, a *apptest.App, practiceID uuid.UUID) []string {
	var ids []string
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT master_id FROM practice_keys`).Scan(&ids).Error
	}))
	return ids
}
