package crisis

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// stored is what a practice's own words look like in practices.crisis_support. The country
// has a column of its own, so the default for it can be computed without this.
type stored struct {
	Resources []Resource `json:"resources"`
	NextSteps string     `json:"next_steps"`
}

// Load reads the practice's crisis support inside the caller's tenant transaction: its own
// words when it has saved some, otherwise Steady's default for its country (the one it chose,
// or the one its time zone implies). The columns belong to internal/practice.
func Load(ctx context.Context, tx *db.Tx, practiceID uuid.UUID) (Support, error) {
	cols, err := practice.GetCrisisColumns(ctx, tx, practiceID)
	if err != nil {
		return Support{}, err
	}
	code := cols.Country.String
	if !cols.Country.Valid {
		code = CountryOfZone(cols.TimeZone)
	}
	s, _ := Default(code)
	if cols.Words == nil {
		return s, nil
	}
	var own stored
	if err := json.Unmarshal(cols.Words, &own); err != nil {
		return Support{}, fmt.Errorf("crisis: practice %s: stored support: %w", practiceID, err)
	}
	s.Resources, s.NextSteps = own.Resources, own.NextSteps
	return s, nil
}

// Save stores support cleaned by Clean. Words that match Steady's default for the country are
// stored as no words at all (NULL), so the practice keeps receiving the default as it improves;
// saving the default is how a practice goes back to it. It reports whether the practice's own
// words were kept.
func Save(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, s Support) (own bool, err error) {
	var words *string // nil: NULL
	if def, _ := Default(s.Country); !sameContent(s, def) {
		w := db.JSON(stored{Resources: s.Resources, NextSteps: s.NextSteps})
		words, own = &w, true
	}
	err = practice.SetCrisisColumns(ctx, tx, practiceID, s.Country, words)
	return own, err
}
