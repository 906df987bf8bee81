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

// concurrent sends each probe's requests over real HTTP from the load generator, o.Conns at a
// time, and prints each one's rate beside the baseline's (the same session's GET
// /api/auth/me) and its goal. Since emergency access no one's caseload covers every client, so
// the owner's whole-practice read is the roster, GET /api/clients (every active client).
func (o Options) concurrent(ctx context.Context, a *app.App, s *sessions, w io.Writer) error {
	url, err := listen(ctx, a.Server.Echo)
	if err != nil {
		return err
	}
	get := func(path string, ck *http.Cookie) func(n int) []loadRequest {
		return func(n int) []loadRequest {
			out := make([]loadRequest, n)
			for i := range out {
				out[i] = loadRequest{Method: http.MethodGet, Path: path, Want: http.StatusOK,
					Headers: map[string]string{"Cookie": ck.Name + "=" + ck.Value}}
			}
			return out
		}
	}
	probes := []struct {
		name string
		reqs func(n int) []loadRequest
		goal float64
	}{
		{"baseline: GET /api/auth/me", get("/api/auth/me", s.clinician), 0},
		{"caseload, clinician (own clients), first page", get("/api/caseload", s.clinician), clinicianCaseloadGoal},
		{"roster, owner (every client): GET /api/clients", get("/api/clients", s.owner), ownerCaseloadGoal},
	}
	fmt.Fprintf(w, "\nOver HTTP from a separate process, %d connections, %d requests each after %d unmeasured:\n\n",
		o.Conns, o.N, o.Warm)
	fmt.Fprintf(w, "| %-50s | %7s | %9s | %9s | %8s | %6s |\n|%s|--------:|----------:|----------:|---------:|:------:|\n",
		"request", "req/s", "p50", "p95", "share", "goal", "----------------------------------------------------")
	var base float64
	for i, p := range probes {
		if _, err := load(ctx, loadJob{URL: url, Conns: o.Conns, Requests: p.reqs(o.Warm)}); err != nil {
			return err
		}
		res, err := load(ctx, loadJob{URL: url, Conns: o.Conns, Requests: p.reqs(o.N)})
		if err != nil {
			return err
		}
		if res.Failed > 0 {
			return fmt.Errorf("%s: %d failed, the first: %s", p.name, res.Failed, res.FirstFailure)
		}
		rate := float64(o.N) / res.Wall.Seconds()
		f := figures(p.name, res.Latencies)
		if i == 0 {
			base = rate
			fmt.Fprintf(w, "| %-50s | %7.0f | %9s | %9s | %8s | %6s |\n", p.name, rate, ms(f.P50), ms(f.P95), "100%", "")
			continue
		}
		share := rate / base
		fmt.Fprintf(w, "| %-50s | %7.0f | %9s | %9s | %7.1f%% | ≥ %.0f%% %s |\n", p.name, rate, ms(f.P50), ms(f.P95),
			100*share, 100*p.goal, yesNo(share >= p.goal))
	}
	return nil
}
