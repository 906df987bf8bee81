//go:build linux

package scaletest

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/reminders"
)

const (
	stormSize = 200                   // reminders due at once, as in the reminders crash test
	drain     = 3 * time.Second       // STEADY_DRAIN_DELAY of the serve replicas
	poolSize  = 10                    // pool_max_conns of each process
	perMail   = 40 * time.Millisecond // the provider's time per message, eight at a time
)

// Two `steady worker` and two `steady serve` processes on one database, through PgBouncer in
// transaction mode, the serve replicas behind HAProxy (scripts/test-scale.sh starts both):
//
//  1. a reminder storm with the worker that is sending it SIGKILLed mid-way still sends each
//     reminder once;
//  2. a staff session (log-in with CSRF, reads, a write) and a homework session (a link
//     exchanged for a session, reads, a journal entry replayed by its idempotency key) work
//     with their requests alternating between the serve replicas, each logged by the replica
//     HAProxy names;
//  3. SIGTERM to one serve replica under a steady load of mixed requests loses none: it drains
//     (/readyz 503 while it still serves) until HAProxy takes it out, then stops.
func TestReplicas(t *testing.T) {
	if os.Getenv("STEADY_SCALE") != "1" {
		t.Skip("runs under scripts/test-scale.sh (make test-scale), which sets STEADY_SCALE=1")
	}
	bin := os.Getenv("STEADY_SCALE_BIN")
	require.NotEmpty(t, bin, "STEADY_SCALE_BIN names the steady binary")
	dir := os.Getenv("STEADY_SCALE_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	began := time.Now()
	a := apptest.New(t)
	via := "PostgreSQL directly"
	if a.Env.Pooler != "" {
		via = "PgBouncer at " + os.Getenv("TEST_APP_POOLER_ADDR") + " (transaction mode)"
	}
	t.Logf("database %s; every process connects through %s", a.Env.Name, via)
	tm := apptest.SeedTeam(t, a, "scale")
	clin := tm.Caller(practice.RoleClinician)
	ctx := context.Background()
	cs := clients.NewService(a.DB)
	newClient := func(name, email string) uuid.UUID {
		c, err := cs.Create(ctx, clin, clients.Input{Name: name, Email: email, ConsentEmail: email != "", TimeZone: "UTC"})
		require.NoError(t, err)
		return c.ID
	}
	// The reminders crash test's storm: clients with a live link and a daily exercise each.
	for i := range stormSize {
		id := newClient(fmt.Sprintf("Client %d", i), fmt.Sprintf("c%d@example.com", i))
		apptest.LinkFor(t, a, clin, id)
		apptest.AssignDaily(t, a, clin, id)
	}
	seeded := time.Since(began)
	sink := apptest.NewKeyedSink(t, perMail)
	h := newHarness(t, bin, dir, a, sink, "DATABASE_URL="+a.Env.AppURL+fmt.Sprintf("&pool_max_conns=%d", poolSize))
	workers := []*proc{h.start("worker-1", "worker"), h.start("worker-2", "worker")}

	// 1. The storm, with the worker sending it killed a quarter of the way through.
	require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE reminder_schedules SET next_fire_at = now() - interval '1 minute',
			occurrence_date = ?, kind = 'reminder'`, apptest.Today().UTC()).Error
	}))
	stormBegan := time.Now()
	// The dispatcher's work, done here rather than waiting up to a minute for the periodic job.
	_, err := reminders.Dispatch(ctx, a.DB, a.Key, time.Now())
	require.NoError(t, err)
	waitFor(t, "a quarter of the storm delivered", time.Minute, func() bool { u, _ := sink.Counts(); return u >= stormSize/4 })
	// Of the two workers, the one the storm's messages are coming from: it holds the batch.
	victim, conns := workers[0], -1
	for _, w := range workers {
		if n := connectionsTo(w.cmd.Process.Pid, sink.Port); n > conns {
			victim, conns = w, n
		}
	}
	require.Positive(t, conns, "one of the workers is sending the storm")
	require.NoError(t, victim.cmd.Process.Signal(syscall.SIGKILL))
	<-victim.exited
	atKill, _ := sink.Counts()
	require.Less(t, atKill, stormSize, "killed in the middle of the storm")
	h.start(victim.name+"-again", "worker")
	count := func(query string) (n int) {
		require.NoError(t, a.DB.InTenant(ctx, db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
			return tx.Gorm.Raw(query).Row().Scan(&n)
		}))
		return n
	}
	waitEvery(t, "every reminder sent", 150*time.Second, 250*time.Millisecond, func() bool {
		return count(`SELECT count(*) FROM reminder_deliveries WHERE status = 'sent'`) == stormSize
	})
	stormTook := time.Since(stormBegan)
	unique, received := sink.Counts()
	require.Equal(t, stormSize, unique, "every reminder delivered, under one key each")
	require.Equal(t, stormSize, count(`SELECT count(*) FROM reminder_deliveries`), "one delivery row per reminder")
	var rescued int
	require.NoError(t, a.DB.Pool.QueryRow(ctx, `SELECT count(*) FROM river_job
		WHERE kind = 'reminder_send' AND cardinality(attempted_by) > 1`).Scan(&rescued))
	require.Positive(t, rescued, "the killed worker's jobs were run again by another")
	t.Logf("storm: %d reminders; %s killed (%d messages in flight) with %d delivered; %d send jobs rescued and rerun; "+
		"%d delivered under %d keys (%d repeats dropped by the provider) in %s",
		stormSize, victim.name, conns, atKill, rescued, received, unique, received-unique, stormTook.Round(100*time.Millisecond))

	// 2. Sessions across the serve replicas.
	var homeworkTokens []string
	for i := range 2 {
		id := newClient(fmt.Sprintf("Homework %d", i), "")
		homeworkTokens = append(homeworkTokens, apptest.LinkFor(t, a, clin, id))
		apptest.AssignDaily(t, a, clin, id)
	}
	flagged := newClient("Flagged Client", "")
	apptest.RiskAlertFor(t, a, clin, flagged)
	serves := map[string]*proc{"s1": h.serve("s1", drain), "s2": h.serve("s2", drain)}
	waitFor(t, "HAProxy seeing both replicas up", 30*time.Second, func() bool {
		b := backend(t)
		return b["s1"]["status"] == "UP" && b["s2"]["status"] == "UP"
	})

	type traced struct{ id, server string }
	var trace []traced
	step := func(b *browser, method, path, body string, want int) answer {
		t.Helper()
		id := fmt.Sprintf("session-%d", len(trace))
		ans := b.do(method, path, body, id)
		require.NoError(t, ans.err, "%s %s", method, path)
		require.Equal(t, want, ans.status, "%s %s: %s", method, path, ans.body)
		trace = append(trace, traced{id, ans.server})
		return ans
	}
	staff := newBrowser()
	staff.takeCSRF(t, step(staff, "GET", "/api/auth/csrf", "", http.StatusOK))
	member := tm.Members[practice.RoleClinician]
	step(staff, "POST", "/api/auth/login", fmt.Sprintf(`{"email":%q,"password":%q}`, member.Email, member.Password), http.StatusOK)
	for range 4 {
		require.Contains(t, string(step(staff, "GET", "/api/auth/me", "", http.StatusOK).body), member.Email)
	}
	created := step(staff, "POST", "/api/clients", `{"name":"Across Replicas","time_zone":"UTC"}`, http.StatusCreated)
	var newOne struct{ ID string }
	require.NoError(t, json.Unmarshal(created.body, &newOne))
	read := step(staff, "GET", "/api/clients/"+newOne.ID, "", http.StatusOK)
	require.NotEqual(t, created.server, read.server, "written on one replica, read on the other")
	var caseload struct {
		Total, Flagged int
		Clients        []struct {
			ClientID   string `json:"client_id"`
			OpenAlerts int    `json:"open_alerts"`
		}
	}
	require.NoError(t, json.Unmarshal(step(staff, "GET", "/api/caseload", "", http.StatusOK).body, &caseload))
	require.Equal(t, stormSize+4, caseload.Total, "the clinician's clients")
	require.Equal(t, 1, caseload.Flagged)
	require.Equal(t, flagged.String(), caseload.Clients[0].ClientID, "the client with an open alert comes first")
	require.Equal(t, 1, caseload.Clients[0].OpenAlerts)

	var homework []*browser
	for _, token := range homeworkTokens {
		hw := newBrowser()
		hw.takeCSRF(t, step(hw, "GET", "/api/auth/csrf", "", http.StatusOK))
		step(hw, "POST", "/api/homework/session", fmt.Sprintf(`{"token":%q}`, token), http.StatusOK)
		step(hw, "GET", "/api/homework/today", "", http.StatusOK)
		step(hw, "GET", "/api/homework/me", "", http.StatusOK)
		homework = append(homework, hw)
	}
	entry := fmt.Sprintf(`{"body":"Written once.","idempotency_key":%q}`, uuid.NewString())
	first := step(homework[0], "POST", "/api/homework/journal", entry, http.StatusCreated)
	again := step(homework[0], "POST", "/api/homework/journal", entry, http.StatusOK)
	require.NotEqual(t, first.server, again.server, "the replay reached the other replica")
	var one, two struct{ ID string }
	require.NoError(t, json.Unmarshal(first.body, &one))
	require.NoError(t, json.Unmarshal(again.body, &two))
	require.Equal(t, one.ID, two.ID, "the replay answers with the first entry")

	for i, s := range trace {
		require.Contains(t, serves, s.server, "%s answered by a serve replica", s.id)
		if i > 0 {
			require.NotEqual(t, trace[i-1].server, s.server, "round robin: %s and %s", trace[i-1].id, s.id)
		}
	}
	for _, s := range trace {
		// The replica HAProxy names logged the request id: it really served the request.
		waitFor(t, s.id+" in "+s.server+"'s access log", 10*time.Second, func() bool {
			return serves[s.server].logged(`"msg":"request"`, `"request_id":"`+s.id+`"`)
		})
	}
	t.Logf("sessions: %d requests (staff: CSRF, log-in, reads, a write; homework: link exchange, reads, a journal entry and its replay) alternated between s1 and s2, each in its replica's access log", len(trace))

	// 3. SIGTERM to s1 under load.
	peak := watchConnections(t, a.Env.OwnerURL, a.Env.Name)
	loadBegan := time.Now()
	l := startLoad(8, 40*time.Millisecond, mix(staff, flagged.String(), homework))
	var once sync.Once
	end := func() { once.Do(l.end) }
	t.Cleanup(end)
	waitFor(t, "the load reaching both replicas", 30*time.Second, func() bool {
		sent, _, by := l.counts()
		return sent >= 400 && by["s1"] > 0 && by["s2"] > 0
	})
	s1 := serves["s1"]
	termAt := time.Now()
	require.NoError(t, s1.cmd.Process.Signal(syscall.SIGTERM))
	waitFor(t, "HAProxy taking s1 out", 10*time.Second, func() bool { return strings.HasPrefix(statusOf(t, "s1"), "DOWN") })
	outAfter := time.Since(termAt)
	require.True(t, s1.running(), "s1 still draining when the balancer took it out")
	select {
	case <-s1.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("s1 did not stop after SIGTERM")
	}
	stoppedAfter := time.Since(termAt)
	require.NoError(t, s1.err, "s1 exits cleanly")
	sentAtStop, _, byAtStop := l.counts()
	waitFor(t, "the load going on after s1 stopped", 30*time.Second, func() bool {
		sent, _, _ := l.counts()
		return sent >= sentAtStop+400
	})
	end()
	sent, failed, by := l.counts()
	require.Zero(t, failed, "failed requests: %v", l.failures)
	require.Equal(t, byAtStop["s1"], by["s1"], "nothing reached s1 once it stopped")
	during := s1.linesAfter("draining", `"msg":"request"`)
	require.Positive(t, during, "s1 answered requests while it drained")
	be := backend(t)["BACKEND"]
	peakConns := peak()
	took := time.Since(loadBegan)
	t.Logf("load: %d requests (%d journal entries with idempotency keys) in %s through HAProxy (8 clients, one request each every 40ms), %d failed; "+
		"s1 %d, s2 %d; %d writes replayed by key; SIGTERM to s1: out of HAProxy after %s, %d requests answered while draining, stopped after %s; "+
		"HAProxy retries %s, redispatches %s; at most %d server connections of the app role open on PostgreSQL (4 processes × pool %d behind PgBouncer)",
		sent, l.writes, took.Round(100*time.Millisecond), failed, by["s1"], by["s2"], l.replayed,
		outAfter.Round(10*time.Millisecond), during, stoppedAfter.Round(10*time.Millisecond), be["wretr"], be["wredis"], peakConns, poolSize)

	// A rolling restart: s1 again, and HAProxy takes it back.
	serves["s1"] = h.serve("s1", drain)
	waitFor(t, "HAProxy taking s1 back", 30*time.Second, func() bool { return statusOf(t, "s1") == "UP" })

	summary := fmt.Sprintf("seeded %d clients in %s; storm %d reminders, %d delivered at the kill, %d unique of %d received, %d jobs rescued, %s; "+
		"load %d requests in %s, %d failed, SIGTERM out after %s, stopped after %s, %d answered while draining; peak server connections %d; whole test %s\n",
		stormSize+4, seeded.Round(100*time.Millisecond), stormSize, atKill, unique, received, rescued, stormTook.Round(100*time.Millisecond),
		sent, took.Round(100*time.Millisecond), failed, outAfter.Round(10*time.Millisecond), stoppedAfter.Round(10*time.Millisecond), during, peakConns,
		time.Since(began).Round(time.Second))
	t.Log(summary)
	_ = os.WriteFile(filepath.Join(dir, "figures.txt"), []byte(summary), 0o644)
}

// watchConnections samples, as the owner and straight on PostgreSQL, how many server
// connections the application role holds on the database until the returned func is called,
// which gives the highest count seen.
func watchConnections(t *testing.T, ownerURL, database string) func() int {
	ctx, cancel := context.WithCancel(context.Background())
	conn, err := pgx.Connect(ctx, ownerURL)
	require.NoError(t, err)
	peak, done := 0, make(chan struct{})
	go func() {
		defer close(done)
		for ctx.Err() == nil {
			var n int
			if conn.QueryRow(ctx, `SELECT count(*) FROM pg_stat_activity WHERE datname = $1 AND usename = $2`,
				database, db.AppRole).Scan(&n) == nil {
				peak = max(peak, n)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}()
	var once sync.Once
	stop := func() {
		once.Do(func() {
			cancel()
			<-done
			conn.Close(context.Background())
		})
	}
	t.Cleanup(stop)
	return func() int { stop(); return peak }
}
