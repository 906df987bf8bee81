package progress

import (
	"context"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
)

// Partner is one partner's measures (the weekly check-in also on its own, with its four
// answers) and adherence.
type Partner struct {
	clients.PartnerDetail
	Measures  []Series
	CheckIns  []Point
	Adherence []Week
}

// ForCouple puts both partners' measures, weekly check-ins and adherence side by side. Each partner's
// answers are the clinician's to see, never the other partner's.
func (s *Service) ForCouple(ctx context.Context, caller auth.Caller, coupleID uuid.UUID) ([]Partner, error) {
	var out []Partner
	now := s.now()
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		k, err := clients.VisibleCouple(ctx, tx, caller, coupleID)
		if err != nil {
			return err
		}
		for _, p := range k.Partners {
			if err := recordRead(ctx, tx, caller, p.ClientID); err != nil {
				return err
			}
			series, err := scores(ctx, tx, p.ClientID)
			if err != nil {
				return err
			}
			views, err := assignments.ClientWindow(ctx, tx, p.ClientID, now, weekStart(now).AddDate(0, 0, -7*(adherenceWeeks-1)), now)
			if err != nil {
				return err
			}
			part := Partner{PartnerDetail: p, Measures: series, Adherence: adherence(views, now), CheckIns: []Point{}}
			for _, sr := range series {
				if sr.Instrument.Key == checkins.CheckIn.Key {
					part.CheckIns = sr.Points
				}
			}
			out = append(out, part)
		}
		return nil
	})
	return out, s.clients.Denied(ctx, caller, "couple", coupleID, err)
}
