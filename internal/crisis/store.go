package crisis

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// stored is what a practice's own words look like in practices.crisis_support. The country
// has a column of its own, so the default for it can be computed without this.
type stored struct {
	Resources []Resource `json:"resources"`
	NextSteps string     `json:"next_steps"`
}

// practiceSupportSQL reads what a practice's crisis support is made from.
const practiceSupportSQL = `SELECT time_zone, country, crisis_support FROM practices WHERE id = ?`

// Load reads the practice's crisis support inside the caller's tenant transaction: its own
// words when it has saved some, otherwise Steady's default for its country (the one it chose,
// or the one its time zone implies).
func Load(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) (Support, error) {
	var zone string
	var country sql.NullString
	var raw []byte
	err := tx.Gorm.Raw(practiceSupportSQL, practiceID).Row().Scan(&zone, &country, &raw)
	if err != nil {
		return Support{}, err
	}
	code := country.String
	if !country.Valid {
		code = CountryOfZone(zone)
	}
	s, _ := Default(code)
	if raw == nil {
		return s, nil
	}
	var own stored
	if err := json.Unmarshal(raw, &own); err != nil {
		return Support{}, fmt.Errorf("crisis: practice %s: stored support: %w", practiceID, err)
	}
	s.Resources, s.NextSteps = own.Resources, own.NextSteps
	return s, nil
}

// updatePracticeSupportSQL stores a practice's country and its own words (NULL: the default).
const updatePracticeSupportSQL = `UPDATE practices SET country = ?, crisis_support = ? WHERE id = ?`

// Save stores support cleaned by Clean. Words that match Steady's default for the country are
// stored as no words at all (NULL), so the practice keeps receiving the default as it improves;
// saving the default is how a practice goes back to it. It reports whether the practice's own
// words were kept.
func Save(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, s Support) (own bool, err error) {
	var words any // nil: NULL
	if def, _ := Default(s.Country); !sameContent(s, def) {
		words, own = db.JSON(stored{Resources: s.Resources, NextSteps: s.NextSteps}), true
	}
	err = tx.Gorm.Exec(updatePracticeSupportSQL, s.Country, words, practiceID).Error
	return own, err
}
