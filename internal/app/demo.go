package app

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/digests"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/reminders"
	"github.com/steadyhq/steady/internal/seal"
)

// demoNamespace makes the demo's ids stable, so `steady demo` finds what it made last time.
var demoNamespace = uuid.MustParse("6f1c2a8e-5b7d-4e55-9d0a-3c1f0e2b7a90")

func demoID(name string) uuid.UUID { return uuid.NewSHA1(demoNamespace, []byte(name)) }

// DemoPassword is the password of every demo login. The demo is for a developer's machine;
// its logins are printed on purpose.
const DemoPassword = "steady-demo-2026"

// DemoMembers are the demo practice's staff.
var DemoMembers = []auth.SeedMember{
	{ID: demoID("owner"), Email: "owner@demo.steady.test", Name: "Olivia Owner", Password: DemoPassword, Role: practice.RoleOwner},
	{ID: demoID("admin"), Email: "admin@demo.steady.test", Name: "Avery Admin", Password: DemoPassword, Role: practice.RoleAdmin},
	{ID: demoID("clinician"), Email: "clinician@demo.steady.test", Name: "Casey Clinician", Password: DemoPassword, Role: practice.RoleClinician},
	{ID: demoID("clinician2"), Email: "devon@demo.steady.test", Name: "Devon Clinician", Password: DemoPassword, Role: practice.RoleClinician},
}

func demoClient(key, name, preferred, pronouns, tz string, clinician string) clients.SeedClient {
	return clients.SeedClient{Client: clients.Client{ID: demoID(key), Name: name, PreferredName: preferred,
		Pronouns: pronouns, Email: key + "@client.demo.steady.test", TimeZone: tz, ConsentEmail: true},
		ClinicianIDs: []uuid.UUID{demoID(clinician)}}
}

// DemoClients are the demo caseload: a couple in trust repair (Casey's) and individual clients.
var DemoClients = []clients.SeedClient{
	demoClient("sam", "Samira Rivera", "Sam", "she/her", "Europe/London", "clinician"),
	demoClient("alex", "Alexander Rivera", "Alex", "he/him", "Europe/London", "clinician"),
	demoClient("jordan", "Jordan Lee", "", "they/them", "America/New_York", "clinician"),
	demoClient("morgan", "Morgan Patel", "", "she/her", "Europe/Dublin", "clinician2"),
}

// DemoCouples are the demo couples.
var DemoCouples = []clients.SeedCouple{{
	ID: demoID("rivera"), Name: "Sam and Alex Rivera", ClinicianIDs: []uuid.UUID{demoID("clinician")},
	Partners: []clients.Partner{{ClientID: demoID("sam"), TrustRole: clients.TrustHurt},
		{ClientID: demoID("alex"), TrustRole: clients.TrustCausedHarm}},
}}

// DemoPractice is the demo tenant.
var DemoPractice = practice.Practice{ID: demoID("practice"), Name: "Harbour Couples Therapy (demo)"}

func runDemo(ctx context.Context, cfg Config, log *slog.Logger, out io.Writer) error {
	d, err := db.OpenWith(ctx, cfg.DatabaseURL, cfg.dbOptions())
	if err != nil {
		return err
	}
	defer d.Close()
	// Insert-only: the demo hands due reminders to River; `serve` works them.
	jobs, err := river.NewClient(riverpgxv5.New(d.Pool), &river.Config{Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	d.SetJobs(jobs)
	keys, err := cfg.keys(log)
	if err != nil {
		return err
	}
	d.SetDataKeys(keys.ring)
	if err := d.CheckSchema(ctx); err != nil {
		return fmt.Errorf("%w: run `steady migrate` first", err)
	}
	if err := auth.SeedPractice(ctx, d, DemoPractice, DemoMembers); err != nil {
		return fmt.Errorf("seed demo practice: %w", err)
	}
	if err := billing.SeedTrial(ctx, d, DemoPractice.ID, time.Now()); err != nil {
		return fmt.Errorf("seed demo billing: %w", err)
	}
	if err := clients.Seed(ctx, d, DemoPractice.ID, DemoClients, DemoCouples); err != nil {
		return fmt.Errorf("seed demo clients: %w", err)
	}
	links, err := seedDemoHomework(ctx, d, cfg)
	if err != nil {
		return fmt.Errorf("seed demo homework: %w", err)
	}
	if err := demoDigests(ctx, d, cfg); err != nil {
		return fmt.Errorf("demo digests: %w", err)
	}
	soon, err := demoReminderSoon(ctx, d, keys.master, time.Now())
	if err != nil {
		return fmt.Errorf("demo reminder: %w", err)
	}
	log.Info("demo practice ready", "practice", DemoPractice.Name)
	fmt.Fprintf(out, "\nDemo practice %q is ready.\n", DemoPractice.Name)
	fmt.Fprintf(out, "Open %s and log in with:\n", cfg.PublicURL)
	for _, m := range DemoMembers {
		fmt.Fprintf(out, "  %-10s %-28s password: %s\n", m.Role, m.Email, m.Password)
	}
	fmt.Fprintf(out, "Homework links (new each run; each partner sees only their own):\n")
	for _, l := range links {
		fmt.Fprintf(out, "  %-10s %s\n", l[0], l[1])
	}
	if cfg.DevMailbox() {
		fmt.Fprintf(out, "Email goes to the dev mailbox: %s/dev/mailbox\n", cfg.PublicURL)
	}
	fmt.Fprintf(out, "Last week's digest for each of them: %s/app/digests\n", cfg.PublicURL)
	if cfg.StripeMockURL != "" {
		fmt.Fprintf(out, "Billing (owner or admin): %s/app/billing, in Stripe test mode on local pages (no keys needed).\n", cfg.PublicURL)
	}
	if !soon.IsZero() {
		fmt.Fprintf(out, "Alex's next reminder, with his homework link, is sent at %s (%s from now).\n",
			soon.Local().Format("15:04 MST"), time.Until(soon).Round(time.Minute))
	}
	return nil
}

// DemoHomework is the demo couple's two weeks of homework: a daily consistency log for Alex
// (who caused the harm) and a private follow-through log for Sam (who was hurt).
var DemoHomework = assignments.SeedPair{CoupleID: demoID("rivera"), ScreenID: demoID("rivera-screen"),
	GroupID: demoID("rivera-logs"), CreatedBy: demoID("clinician"), Days: 14, Parts: []assignments.SeedPart{
		{AssignmentID: demoID("alex-log"), ClientID: demoID("alex"), Library: "consistency-log",
			At: cadence.Clock{Hour: 20}, Skip: map[int]bool{3: true, 9: true}},
		{AssignmentID: demoID("sam-log"), ClientID: demoID("sam"), Library: "follow-through-log",
			At: cadence.Clock{Hour: 21}, Skip: map[int]bool{6: true}},
	}}

// DemoCheckIns are the couple's eight weeks of Sunday check-ins, trust slowly rising.
var DemoCheckIns = assignments.SeedPair{CoupleID: demoID("rivera"), ScreenID: demoID("rivera-screen-2"),
	GroupID: demoID("rivera-check-ins"), CreatedBy: demoID("clinician"), Days: 56, Parts: []assignments.SeedPart{
		{AssignmentID: demoID("sam-check-in"), ClientID: demoID("sam"), Library: "trust-safety-check-in",
			At: cadence.Clock{Hour: 18}, Weekdays: []time.Weekday{time.Sunday}},
		{AssignmentID: demoID("alex-check-in"), ClientID: demoID("alex"), Library: "trust-safety-check-in",
			At: cadence.Clock{Hour: 18}, Weekdays: []time.Weekday{time.Sunday}, Lift: 2},
	}}

// seedDemoHomework seeds the history once and makes fresh homework links for both partners
// (only hashes are stored, so a link can be shown only when it is made).
func seedDemoHomework(ctx context.Context, d *db.DB, cfg Config) ([][2]string, error) {
	for _, pair := range []assignments.SeedPair{DemoHomework, DemoCheckIns} {
		if err := assignments.SeedHistory(ctx, d, DemoPractice.ID, pair, time.Now()); err != nil {
			return nil, err
		}
	}
	owner := auth.Caller{Staff: &auth.Staff{UserID: demoID("clinician"), PracticeID: DemoPractice.ID,
		Role: practice.RoleClinician}, IP: "127.0.0.1", UserAgent: "steady demo"}
	svc := links.NewService(d, clients.NewService(d), nil)
	var out [][2]string
	for _, who := range []string{"sam", "alex"} {
		token, _, err := svc.CreateLink(ctx, owner, demoID(who))
		if err != nil {
			return nil, err
		}
		out = append(out, [2]string{strings.ToUpper(who[:1]) + who[1:], cfg.PublicURL + "/h/" + token})
	}
	return out, nil
}

// demoReminderSoon moves Alex's reminder to a couple of minutes from now, so a newcomer sees a
// real reminder reach the dev mailbox and can follow its link, and returns when it fires (the
// practice's quiet hours may push it to the morning).
func demoReminderSoon(ctx context.Context, d *db.DB, key *seal.Key, now time.Time) (time.Time, error) {
	london, err := time.LoadLocation("Europe/London")
	if err != nil {
		return time.Time{}, err
	}
	at := now.Add(3 * time.Minute).In(london).Format("15:04")
	if err := d.InTenant(ctx, db.Scope{PracticeID: DemoPractice.ID}, func(tx *db.Tx) error {
		// The demo practice keeps no quiet hours, so the reminder comes at any hour of the day.
		s, err := practice.GetSettings(ctx, tx, DemoPractice.ID)
		if err != nil {
			return err
		}
		s.QuietHoursStart, s.QuietHoursEnd = "00:00", "00:00"
		if err := practice.UpdateSettings(ctx, tx, DemoPractice.ID, s); err != nil {
			return err
		}
		return reminders.Rerun(ctx, tx, demoID("alex-log"), at)
	}); err != nil {
		return time.Time{}, err
	}
	if _, err := reminders.Dispatch(ctx, d, key, now); err != nil { // works out the new schedule
		return time.Time{}, err
	}
	var next time.Time
	err = d.InTenant(ctx, db.Scope{PracticeID: DemoPractice.ID}, func(tx *db.Tx) (err error) {
		next, err = reminders.NextFire(ctx, tx, demoID("alex-log"))
		return err
	})
	return next, err
}

// demoDigests makes each demo member's digest of the week just gone, ready to read (and, with
// their emails on, in the dev mailbox once `serve` runs).
func demoDigests(ctx context.Context, d *db.DB, cfg Config) error {
	svc := digests.NewService(d, nil, cfg.PublicURL, nil)
	for _, m := range DemoMembers {
		if _, err := svc.MakeAt(ctx, DemoPractice.ID, m.ID, time.Now()); err != nil {
			return err
		}
	}
	return nil
}
