package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/progress"
)

// DigestLimit is the target: every digest of a week made, stored and handed to the provider.
const DigestLimit = time.Minute

// Digests seeds (or reuses) a practice of o.Volume and measures, in one run, a baseline (each
// clinician's caseload page read once through the service) and the week's digests: every
// member's due at once, made and stored by the real dispatcher, and emailed by the real send
// job under River to a recording provider. It prints both, and any digest handed over twice.
func Digests(ctx context.Context, o Options, w io.Writer) error {
	ownerURL, appURL, err := o.urls()
	if err != nil {
		return err
	}
	if err := o.prepare(ctx, ownerURL, appURL, w); err != nil {
		return err
	}
	d, err := openApp(ctx, appURL)
	if err != nil {
		return err
	}
	defer d.Close()
	now := time.Now()
	members, err := digestMembers(ctx, d)
	if err != nil {
		return err
	}
	base, err := caseloadBaseline(ctx, d, members, now)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Baseline: each of %d clinicians' caseload page (first 50) read once through the service: %s.\n",
		o.Volume.Clinicians, base.Round(time.Millisecond))
	made, took, handed, twice, err := weekOfDigests(ctx, d, ownerURL, now)
	if err != nil {
		return err
	}
	verdict := "yes"
	if took > DigestLimit || handed < made || twice > 0 {
		verdict = "NO"
	}
	fmt.Fprintf(w, "Digests: %d made and stored, %d handed to the provider, %s after the start (%.0f/s), %d twice; "+
		"%.1f× the baseline. Within %s: %s.\n", made, handed, took.Round(time.Millisecond),
		float64(handed)/took.Seconds(), twice, took.Seconds()/base.Seconds(), DigestLimit, verdict)
	return nil
}

// digestMembers lists the practice's active members.
func digestMembers(ctx context.Context, d *db.DB) (out []auth.Caller, err error) {
	err = d.InTenant(ctx, db.Scope{PracticeID: PracticeID}, func(tx *db.Tx) error {
		ms, err := practice.Members(ctx, tx)
		for _, m := range ms {
			if m.Role == practice.RoleClinician && m.Status == practice.StatusActive {
				out = append(out, auth.Caller{Staff: &auth.Staff{UserID: m.UserID, PracticeID: PracticeID, Role: m.Role}})
			}
		}
		return err
	})
	return out, err
}

// caseloadBaseline reads each clinician's first caseload page once, one after another.
func caseloadBaseline(ctx context.Context, d *db.DB, clinicians []auth.Caller, now time.Time) (time.Duration, error) {
	svc := progress.NewService(d, nil, func() time.Time { return now })
	start := time.Now()
	for _, c := range clinicians {
		if _, err := svc.Caseload(ctx, c, 0, 50); err != nil {
			return 0, err
		}
	}
	return time.Since(start), nil
}

// weekOfDigests makes every member's digest due now, runs the dispatcher and the send job
// under River to a recording provider, and waits until every email is handed over.
func weekOfDigests(ctx context.Context, d *db.DB, ownerURL string, now time.Time) (made int, took time.Duration, handed, twice int, err error) {
	// A fresh week: no digest yet, everyone's due a minute ago, emails on.
	if err = d.InTenant(ctx, db.Scope{PracticeID: PracticeID}, func(tx *db.Tx) error {
		return tx.Gorm.Exec(`UPDATE digest_settings SET email = true, next_send_at = ?`, now.Add(-time.Minute)).Error
	}); err != nil {
		return
	}
	if err = clearDigests(ctx, ownerURL); err != nil {
		return
	}
	rec := &provider{keys: map[string]int{}}
	svc := digests.NewService(d, rec, "https://steady.example", func() time.Time { return now })
	workers := river.NewWorkers()
	river.AddWorker(workers, &digests.SendWorker{Digests: svc})
	client, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{Logger: slog.New(slog.DiscardHandler),
		Queues: map[string]river.QueueConfig{river.QueueDefault: {MaxWorkers: 50}}, Workers: workers})
	if err != nil {
		return
	}
	d.SetJobs(client)
	start := time.Now()
	if err = client.Start(ctx); err != nil {
		return
	}
	defer client.Stop(context.WithoutCancel(ctx))
	if made, err = svc.Dispatch(ctx); err != nil {
		return
	}
	for {
		if u, _ := rec.counts(); u >= made || time.Since(start) > 3*DigestLimit {
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	took = time.Since(start)
	unique, received := rec.counts()
	return made, took, unique, received - unique, nil
}

// clearDigests removes an earlier run's digests, as the schema owner (the application may not
// delete a digest: it is kept as it was made).
func clearDigests(ctx context.Context, ownerURL string) error {
	pool, err := pgxpool.New(ctx, ownerURL)
	if err != nil {
		return err
	}
	defer pool.Close()
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		_, err := tx.Exec(ctx, `ALTER TABLE digests NO FORCE ROW LEVEL SECURITY; DELETE FROM digests;
			ALTER TABLE digests FORCE ROW LEVEL SECURITY`)
		return err
	})
}
