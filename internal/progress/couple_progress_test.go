package progress_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/practice"
)

// The couple page puts every measure either partner answered side by side, so its progress
// carries each partner's measures with their bands and change, not only the weekly check-in.
func TestCoupleProgressHasEveryMeasureOfBothPartners(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	sam, alex := f.client(t, "Sam Measured"), f.client(t, "Alex Measured")
	k, err := clients.NewService(f.a.DB).CreateCouple(context.Background(), f.caller, clients.CoupleInput{Name: "Sam and Alex",
		Partners: []clients.Partner{{ClientID: sam, TrustRole: clients.TrustHurt}, {ClientID: alex, TrustRole: clients.TrustCausedHarm}}})
	require.NoError(t, err)
	weekly := cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"), Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}}
	samPHQ := f.assign(t, sam, "phq-9", weekly)
	f.answer(t, sam, samPHQ, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.PHQ9, 18)
	f.answer(t, sam, samPHQ, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 11)
	samGAD := f.assign(t, sam, "gad-7", weekly)
	f.answer(t, sam, samGAD, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.GAD7, 8)
	alexPHQ := f.assign(t, alex, "phq-9", weekly)
	f.answer(t, alex, alexPHQ, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 6)

	res := f.tm.Browsers[practice.RoleClinician].Do("GET", "/api/couples/"+k.ID.String()+"/progress", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	var out struct {
		Partners []struct {
			Name     string
			Measures []struct {
				Instrument string
				Points     []struct {
					Total int
					Band  string
				}
				Change *struct{ Status string }
			}
			CheckIns []any `json:"checkins"`
		}
	}
	apptest.Decode(t, res, &out)
	require.Len(t, out.Partners, 2)
	byName := map[string]int{}
	for i, p := range out.Partners {
		byName[p.Name] = i
		require.NotNil(t, p.CheckIns, "the check-ins stay, empty when none")
	}
	s := out.Partners[byName["Sam Measured"]]
	require.Len(t, s.Measures, 2)
	require.Equal(t, "phq-9", s.Measures[0].Instrument, "in the library's order")
	require.Equal(t, "improved", s.Measures[0].Change.Status, "18 to 11 is a reliable improvement")
	require.Equal(t, "gad-7", s.Measures[1].Instrument)
	require.Nil(t, s.Measures[1].Change, "one score is no change yet")
	a := out.Partners[byName["Alex Measured"]]
	require.Len(t, a.Measures, 1)
	require.Equal(t, "phq-9", a.Measures[0].Instrument)
	require.Equal(t, "mild", a.Measures[0].Points[0].Band)
}
