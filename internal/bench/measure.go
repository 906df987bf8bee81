package bench

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"time"
)

// Figures are one measured series of server times.
type Figures struct {
	Name               string
	N                  int
	P50, P95, P99, Max time.Duration
}

// figures summarises samples (nearest-rank percentiles).
func figures(name string, samples []time.Duration) Figures {
	s := slices.Clone(samples)
	slices.Sort(s)
	at := func(p float64) time.Duration {
		if len(s) == 0 {
			return 0
		}
		i := int(p*float64(len(s))+0.999999) - 1
		return s[max(0, min(len(s)-1, i))]
	}
	return Figures{Name: name, N: len(s), P50: at(0.50), P95: at(0.95), P99: at(0.99), Max: at(1)}
}

// Probe is one kind of request: the paths to ask for (the i-th of a run) and who asks.
type Probe struct {
	Name   string
	Cookie *http.Cookie
	Paths  func(i int) []string // a page view may be several requests; their times add up
}

// Measure sends warm requests first, then n more, through h in this process, and times each
// from the router's entry to the last byte of the answer: the server's time, without a
// network in between. Any answer but 200 stops the run.
func Measure(h http.Handler, p Probe, warm, n int) (Figures, error) {
	var samples []time.Duration
	for i := range warm + n {
		var total time.Duration
		for _, path := range p.Paths(i) {
			d, err := serve(h, p.Cookie, path)
			if err != nil {
				return Figures{}, fmt.Errorf("%s: %w", p.Name, err)
			}
			total += d
		}
		if i >= warm {
			samples = append(samples, total)
		}
	}
	return figures(p.Name, samples), nil
}

func serve(h http.Handler, cookie *http.Cookie, path string) (time.Duration, error) {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.RemoteAddr = "192.0.2.1:40000"
	req.AddCookie(cookie)
	rec := httptest.NewRecorder()
	start := time.Now()
	h.ServeHTTP(rec, req)
	d := time.Since(start)
	if rec.Code != http.StatusOK {
		body, _ := io.ReadAll(rec.Body)
		return 0, fmt.Errorf("GET %s: %d %s", path, rec.Code, body)
	}
	return d, nil
}

// Table prints figures as a Markdown table, with the target's verdict on each row.
func Table(w io.Writer, target time.Duration, rows []Figures) {
	fmt.Fprintf(w, "| %-72s | %5s | %9s | %9s | %9s | %9s | %-6s |\n", "request", "n", "p50", "p95", "p99", "max", "p95 < "+target.String())
	fmt.Fprintf(w, "|%s|------:|----------:|----------:|----------:|----------:|:-------|\n", "--------------------------------------------------------------------------")
	for _, f := range rows {
		verdict := "yes"
		if f.P95 >= target {
			verdict = "NO"
		}
		fmt.Fprintf(w, "| %-72s | %5d | %9s | %9s | %9s | %9s | %-6s |\n", f.Name, f.N, ms(f.P50), ms(f.P95), ms(f.P99), ms(f.Max), verdict)
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }
