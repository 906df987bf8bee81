package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"github.com/steadyhq/steady/internal/app"
)

// The caseload goals of issue 19, as shares of GET /api/auth/me's rate for the same session,
// measured over real HTTP with concurrent connections.
const (
	ownerCaseloadGoal     = 0.50
	clinicianCaseloadGoal = 0.60
)

// caseloadRounds is how many rounds the HTTP probes alternate over: the machine's speed drifts
// over seconds, and one round each would measure the drift as much as the requests.
const caseloadRounds = 8

// concurrent sends each probe's requests over real HTTP from the load generator, o.Conns at a
// time, in caseloadRounds rounds that alternate between the probes (each warmed first,
// unmeasured), and prints each one's rate beside the baseline's (the same session's GET
// /api/auth/me) and its goal. Since emergency access no one's caseload covers every client, so
// the owner's whole-practice read is the roster, GET /api/clients (every active client).
func (o Options) concurrent(ctx context.Context, a *app.App, s *sessions, w io.Writer) error {
	url, err := listen(ctx, a.Server.Echo)
	if err != nil {
		return err
	}
	get := func(name, path string, ck *http.Cookie) *side {
		return &side{name: name, url: url, requests: func(_, n int) []loadRequest {
			out := make([]loadRequest, n)
			for i := range out {
				out[i] = loadRequest{Method: http.MethodGet, Path: path, Want: http.StatusOK,
					Headers: map[string]string{"Cookie": ck.Name + "=" + ck.Value}}
			}
			return out
		}}
	}
	sides := []*side{
		get("baseline: GET /api/auth/me", "/api/auth/me", s.clinician),
		get("caseload, clinician (own clients), first page", "/api/caseload", s.clinician),
		get("roster, owner (every client): GET /api/clients", "/api/clients", s.owner),
	}
	goals := []float64{0, clinicianCaseloadGoal, ownerCaseloadGoal}
	for _, sd := range sides {
		if _, err := sd.round(ctx, o.Conns, 0, o.Warm); err != nil {
			return err
		}
	}
	for range caseloadRounds {
		for _, sd := range sides {
			if err := sd.measure(ctx, o.Conns, 0, o.N); err != nil {
				return err
			}
		}
	}
	fmt.Fprintf(w, "\nOver HTTP from a separate process, %d connections, %d rounds alternating of %d requests each "+
		"after %d unmeasured; CPU is the machine's less the load generator's:\n\n", o.Conns, caseloadRounds, o.N, o.Warm)
	fmt.Fprintf(w, "| %-50s | %7s | %9s | %9s | %9s | %8s | %6s |\n|%s|--------:|----------:|----------:|----------:|---------:|:------:|\n",
		"request", "req/s", "p50", "p95", "CPU each", "share", "goal", "----------------------------------------------------")
	base := sides[0].perSecond()
	for i, sd := range sides {
		f := figures(sd.name, sd.lat)
		share := sd.perSecond() / base
		goal := ""
		if i > 0 {
			goal = fmt.Sprintf("≥ %.0f%% %s", 100*goals[i], yesNo(share >= goals[i]))
		}
		fmt.Fprintf(w, "| %-50s | %7.0f | %9s | %9s | %9s | %7.1f%% | %6s |\n", sd.name, sd.perSecond(), ms(f.P50),
			ms(f.P95), ms(sd.cpuEach()), 100*share, goal)
	}
	return nil
}
