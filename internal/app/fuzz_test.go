package app_test

import (
	"context"
	"encoding/json"
	"net/http"
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/web"
)

// bodyRoute is an API route that takes a JSON body, with the body its schema describes.
type bodyRoute struct {
	method, path string // path as Echo routes it, :id and all
	sample       []byte
}

// bodyRoutes lists every route whose operation in the OpenAPI document has a JSON request
// body, in a stable order, each with a well-formed sample body built from its schema.
func bodyRoutes(tb testing.TB) []bodyRoute {
	doc, err := web.LoadOpenAPI()
	if err != nil {
		tb.Fatal(err)
	}
	var out []bodyRoute
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if op.RequestBody == nil || op.RequestBody.Value == nil {
				continue
			}
			mt := op.RequestBody.Value.Content.Get("application/json")
			if mt == nil || mt.Schema == nil {
				continue
			}
			raw, _ := json.Marshal(sample(mt.Schema.Value, 0))
			out = append(out, bodyRoute{method: method, path: openAPIToEcho(path), sample: raw})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].method+out[i].path < out[j].method+out[j].path })
	return out
}

func openAPIToEcho(p string) string {
	parts := strings.Split(p, "/")
	for i, s := range parts {
		if strings.HasPrefix(s, "{") && strings.HasSuffix(s, "}") {
			parts[i] = ":" + s[1:len(s)-1]
		}
	}
	return strings.Join(parts, "/")
}

// sample is a plausible value for a schema: its first enum value or example, or a value of
// its type with every required property filled. The fuzzer mutates from there.
func sample(s *openapi3.Schema, depth int) any {
	switch {
	case s == nil || depth > 6:
		return nil
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Example != nil:
		return s.Example
	case len(s.AllOf) > 0:
		return sample(s.AllOf[0].Value, depth+1)
	case len(s.OneOf) > 0:
		return sample(s.OneOf[0].Value, depth+1)
	}
	switch {
	case s.Type.Is("object") || len(s.Properties) > 0:
		out := map[string]any{}
		for _, name := range s.Required {
			if p := s.Properties[name]; p != nil {
				out[name] = sample(p.Value, depth+1)
			}
		}
		return out
	case s.Type.Is("array"):
		if s.Items == nil {
			return []any{}
		}
		return []any{sample(s.Items.Value, depth+1)}
	case s.Type.Is("boolean"):
		return true
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil {
			return *s.Min
		}
		return 1
	case s.Type.Is("string"):
		switch s.Format {
		case "uuid":
			return uuid.NewString()
		case "date":
			return apptest.Today().String()
		case "email":
			return "someone@example.com"
		}
		return "text"
	}
	return nil
}

// FuzzAPIBodies sends any bytes as the body of every API route that takes JSON, as a signed-in
// owner (and, for the homework routes, as a client with a session), to records that exist:
// whatever the bytes, the answer is a 2xx or a 4xx with the error shape, never a 5xx. The
// first input picks the route, so one target covers every body type; the seed corpus holds a
// well-formed body for each, from its schema.
func FuzzAPIBodies(f *testing.F) {
	routes := bodyRoutes(f)
	for i, r := range routes {
		f.Add(uint8(i), r.sample)
	}
	a := apptest.New(f)
	tm := apptest.SeedTeam(f, a, "fuzz")
	// The owner's own client and couple: the owner reaches every route, and these records too.
	client, couple := tm.FixtureOf(f, a, practice.RoleOwner)
	owner := tm.Caller(practice.RoleOwner)
	as := apptest.AssignDaily(f, a, owner, client)
	tpl, err := a.LibrarySvc().CreateTemplate(context.Background(), owner, "when-you-are-flooded", nil)
	if err != nil {
		f.Fatal(err)
	}
	home := apptest.ClientBrowser(f, a, apptest.LinkFor(f, a, owner, client))
	ids := map[string]string{"/api/clients/": client.String(), "/api/couples/": couple.String(),
		"/api/assignments/": as.ID.String(), "/api/exercises/templates/": tpl.ID.String()}
	for i, r := range routes {
		if body, ok := validBodies(client, as.ID)[r.method+" "+r.path]; ok {
			f.Add(uint8(i), []byte(body))
		}
	}
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		r := routes[int(pick)%len(routes)]
		b := tm.Browsers[practice.RoleOwner]
		if strings.HasPrefix(r.path, "/api/homework/") {
			b = home
		}
		if r.path == "/api/auth/logout" || strings.HasPrefix(r.path, "/api/auth/sessions") {
			return // ending the fuzzer's own session only stops the fuzzing
		}
		b.T = t
		res := b.Do(r.method, fillIDs(r.path, ids), string(body), map[string]string{"Content-Type": "application/json"})
		if res.StatusCode < 400 {
			return
		}
		// A 503 that says billing is not set up here (the fuzzed server has no Stripe) is the
		// designed answer to a valid checkout, not a failure.
		if code := apptest.ReadError(t, res).Error.Code; res.StatusCode >= 500 &&
			!(res.StatusCode == http.StatusServiceUnavailable && code == "billing_unavailable") {
			t.Fatalf("%s %s answered %d to %q", r.method, r.path, res.StatusCode, body)
		}
	})
}

// validBodies are bodies the server accepts, so mutations start deep in the services too.
func validBodies(client, assignment uuid.UUID) map[string]string {
	day := apptest.Today().String()
	daily := `"cadence":{"kind":"daily","start":"` + day + `","at":"19:00"}`
	return map[string]string{
		"POST /api/clients":      `{"name":"Robin Fuzz","time_zone":"Europe/London","email":"robin@example.com"}`,
		"PATCH /api/clients/:id": `{"name":"Robin Renamed","time_zone":"America/New_York"}`,
		"POST /api/assignments":  `{"client_id":"` + client.String() + `","exercise":{"library":"when-you-are-flooded"},` + daily + `}`,
		"POST /api/couples": `{"name":"Fuzz Couple","partners":[{"client_id":"` + client.String() + `","trust_role":"hurt"},` +
			`{"new_client":{"name":"Sky Fuzz","time_zone":"Europe/London"},"trust_role":"caused_harm"}]}`,
		"POST /api/couples/:id/safety-screens": `{"violence_or_fear":false,"coercive_control":false,"active_addiction":false,` +
			`"ongoing_contact":false,"decision":"proceed","note":"fine"}`,
		"POST /api/homework/responses": `{"assignment_id":"` + assignment.String() + `","date":"` + day +
			`","idempotency_key":"` + uuid.NewString() + `","answers":{"flooded":true,"signs":["heart"],"how_high":4}}`,
		"POST /api/homework/journal":         `{"body":"A calmer day.","idempotency_key":"` + uuid.NewString() + `"}`,
		"PUT /api/assignments/:id/reminders": `{"channel":"email","at":"18:00","nudge":true}`,
		"PUT /api/digests/settings":          `{"weekday":"friday","hour":7,"time_zone":"Asia/Tokyo","email":false}`,
		"PUT /api/alert-rules":               `{"missed_in_row":5,"silent_days":null,"deterioration":false,"programme_completed":true,"email":true}`,
		"PATCH /api/practice": `{"name":"Fuzz Practice","time_zone":"Europe/Paris","reminder_window_start":"08:00",` +
			`"reminder_window_end":"20:00","quiet_hours_start":"21:30","quiet_hours_end":"07:30"}`,
		"POST /api/alerts/:id/acknowledge": `{"note":"Spoke with them today."}`,
	}
}

// fillIDs puts a record of the fuzzing practice into each :param of path, or an id that names
// nothing where the practice has no such record.
func fillIDs(path string, ids map[string]string) string {
	parts := strings.Split(path, "/")
	for i, s := range parts {
		if !strings.HasPrefix(s, ":") {
			continue
		}
		parts[i] = uuid.NewString()
		prefix := strings.Join(parts[:i], "/") + "/"
		if id, ok := ids[prefix]; ok {
			parts[i] = id
		}
	}
	return strings.Join(parts, "/")
}
