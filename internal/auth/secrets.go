package auth

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/seal"
)

// openSecret opens a two-factor secret sealed with the master key or, until a rotation has
// re-sealed it, with a key the master key replaced.
func (s *Service) openSecret(sealed []byte, purpose string) ([]byte, error) {
	return openWithAny(append([]*seal.Key{s.opts.Key}, s.opts.PreviousKeys...), sealed, purpose)
}

func openWithAny(keys []*seal.Key, sealed []byte, purpose string) ([]byte, error) {
	for _, k := range keys {
		if plain, err := k.Open(sealed, purpose); err == nil {
			return plain, nil
		}
	}
	return nil, seal.ErrOpen
}

const (
	sealedSecretsSQL = `SELECT id, totp_secret FROM users WHERE totp_secret IS NOT NULL`
	resealSecretSQL  = `UPDATE users SET totp_secret = ? WHERE id = ?`
)

// ResealSecrets re-seals with master every two-factor secret a previous key sealed, and says
// how many. Users are read across every practice, so it runs as the schema owner (`steady keys
// rotate`); a secret no key opens is left as it is and reported.
func ResealSecrets(ctx context.Context, owner *db.DB, master *seal.Key, previous []*seal.Key) (int, error) {
	n := 0
	var unopened error
	err := owner.InGlobal(ctx, func(tx *db.Tx) error {
		var rows []struct {
			ID         uuid.UUID
			TOTPSecret []byte `gorm:"column:totp_secret"`
		}
		if err := tx.Gorm.Raw(sealedSecretsSQL).Scan(&rows).Error; err != nil {
			return err
		}
		for _, r := range rows {
			purpose := totpPurpose(r.ID)
			if _, err := master.Open(r.TOTPSecret, purpose); err == nil {
				continue
			}
			plain, err := openWithAny(previous, r.TOTPSecret, purpose)
			if err != nil {
				unopened = errors.Join(unopened, errors.New("auth: no key opens the two-factor secret of user "+r.ID.String()))
				continue
			}
			if err := tx.Gorm.Exec(resealSecretSQL, master.Seal(plain, purpose), r.ID).Error; err != nil {
				return err
			}
			n++
		}
		return nil
	})
	return n, errors.Join(err, unopened)
}
