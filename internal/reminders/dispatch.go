package reminders

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/seal"
)

const (
	// batchSize is how many schedules one transaction advances.
	batchSize = 1000
	// tooLate is how long after its time a firing is still sent; older ones (the dispatcher
	// was down) are skipped rather than sent in a burst that no longer fits the client's day.
	tooLate = 30 * time.Minute
)

// SendArgs asks for one message (on every channel the assignment uses), or for a group of one
// practice's messages: the first in its own fields, the others in More (group.go). The unique
// key of a job of one message is (assignment, occurrence, kind): however often the dispatcher
// hands it over, one job exists. A group is not unique: it carries only messages whose
// delivery rows the dispatcher made with it, which no other job can carry.
type SendArgs struct {
	PracticeID   uuid.UUID    `json:"practice_id" river:"unique"`
	AssignmentID uuid.UUID    `json:"assignment_id" river:"unique"`
	Date         cadence.Date `json:"date" river:"unique"`
	Message      Kind         `json:"message" river:"unique"`
	FireAt       time.Time    `json:"fire_at"`
	More         []Firing     `json:"more,omitempty"`
}

// Kind names the job.
func (SendArgs) Kind() string { return "reminder_send" }

// InsertOpts put the job on the reminders' own queue, give a failing provider time to
// recover, and make a job of one message unique.
func (a SendArgs) InsertOpts() river.InsertOpts {
	o := river.InsertOpts{Queue: Queue, MaxAttempts: 8}
	if len(a.More) == 0 {
		o.UniqueOpts = river.UniqueOpts{ByArgs: true}
	}
	return o
}

// Queue is the River queue of send jobs, apart from the other jobs so that a storm neither
// waits behind them nor holds them up.
const Queue = "reminders"

// QueueConfig is how River works the send queue. A storm runs four hundred jobs at once: a job
// spends most of its time waiting (on its coalesced database steps, see steps.go, and on the
// provider), and the more there are, the more each round trip carries. It fetches every 20 ms
// rather than River's default 100 ms, which with a hundred workers capped it near a thousand
// jobs a second. On two cores: 100 workers sent 100,000 in 49 s, 200 in 43 s, 400 in 35 s.
func QueueConfig() river.QueueConfig {
	return river.QueueConfig{MaxWorkers: 400, FetchCooldown: 20 * time.Millisecond}
}

// schedule is one row of reminder_schedules: its next firing, and its assignment as the
// schedule's copy has it (cadenceColumns).
type schedule struct {
	NextFireAt     time.Time
	OccurrenceDate *time.Time
	Kind           *string
	assignment     *assignments.Assignment
}

// duePracticesSQL reads the practices with reminders due, through a definer function.
const duePracticesSQL = `SELECT reminders_due_practices(?)`

// Dispatch hands every firing due at now to River and advances each schedule, practice by
// practice, a batch per transaction: the job and the schedule's next firing commit together,
// so a crash loses neither and repeats neither. It returns how many messages it handed over.
func Dispatch(ctx context.Context, d *db.DB, key *seal.Key, now time.Time) (int, error) {
	var practices []uuid.UUID
	if err := d.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(duePracticesSQL, now).Scan(&practices).Error
	}); err != nil {
		return 0, err
	}
	total := 0
	for _, p := range practices {
		sent, err := dispatchPractice(ctx, d, key, p, now)
		total += sent
		if err != nil {
			return total, err
		}
	}
	return total, nil
}

// walkers is how many of a practice's batches are dispatched at once. A batch's transaction
// waits on its round trips about as long as it works; two keep both cores busy.
const walkers = 2

// dispatchPractice dispatches a practice's due firings a batch per transaction, two batches
// at once: each reads and locks its schedules in turn, moving the cursor on for the next,
// then does the rest of its work beside the other. It returns the messages handed over.
func dispatchPractice(ctx context.Context, d *db.DB, key *seal.Key, practiceID uuid.UUID, now time.Time) (int, error) {
	w := &walk{after: cursor{at: pgtype.Timestamptz{InfinityModifier: pgtype.NegativeInfinity, Valid: true}}}
	var wg sync.WaitGroup
	errs := make([]error, walkers)
	for i := range walkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !w.finished() {
				var sent int
				errs[i] = d.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
					var err error
					sent, err = dispatchBatch(ctx, tx, key, practiceID, now, w)
					return err
				})
				w.count(sent)
				if errs[i] != nil {
					w.stop()
					return
				}
			}
		}()
	}
	wg.Wait()
	return w.sent, errors.Join(errs...)
}

// walk is a practice's walk through its due schedules, shared by its walkers.
type walk struct {
	mu    sync.Mutex // held while a batch reads its schedules: the cursor moves in order
	after cursor
	done  bool // the last batch has been read, or a batch failed
	sent  int
}

func (w *walk) finished() bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.done
}

func (w *walk) stop() { w.mu.Lock(); w.done = true; w.mu.Unlock() }

func (w *walk) count(n int) { w.mu.Lock(); w.sent += n; w.mu.Unlock() }

// next reads and locks the next batch of due schedules and moves the cursor past them.
func (w *walk) next(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, now time.Time) ([]schedule, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.done {
		return nil, nil
	}
	rows, err := dueSchedules(ctx, tx, practiceID, now, &w.after)
	w.done = err != nil || len(rows) < batchSize
	return rows, err
}

// cursor is where a practice's walk through its due schedules has got to.
type cursor struct {
	at pgtype.Timestamptz // '-infinity' is a schedule to work out again
	id uuid.UUID
}

// dispatchBatch advances the walk's next batch of due schedules (rows another dispatcher
// holds are skipped). With the jobs it writes their pending delivery rows and link tokens,
// and a notice for each client whose reminders have no live link to carry. It returns the
// messages handed over.
func dispatchBatch(ctx context.Context, tx *db.Tx, key *seal.Key, practiceID uuid.UUID, now time.Time, w *walk) (int, error) {
	rows, err := w.next(ctx, tx, practiceID, now)
	if err != nil || len(rows) == 0 {
		return 0, err
	}
	clients := make([]uuid.UUID, len(rows))
	for i, r := range rows {
		clients[i] = r.assignment.ClientID
	}
	in, err := loadInputs(ctx, tx, clients)
	if err != nil {
		return 0, err
	}
	h := handover{key: key, practiceID: practiceID, now: now, noticed: map[uuid.UUID]bool{}}
	var adv advances
	for _, r := range rows {
		a := r.assignment
		if _, ok := in.prefs[a.ClientID]; !ok {
			continue // not read: left as it is, for the next dispatch
		}
		plan, s, live := in.shape(a)
		due := r.OccurrenceDate != nil
		cursor := Fire{At: now}
		if due {
			cursor = Fire{At: r.NextFireAt, Date: cadence.DateOf(*r.OccurrenceDate, time.UTC), Kind: Kind(*r.Kind)}
			if live && now.Sub(r.NextFireAt) <= tooLate {
				h.add(a, cursor, in.links[a.ClientID])
			}
		}
		next, ok := Fire{}, false
		if live {
			if next, ok = Next(plan, s, cursor); ok && now.Sub(next.At) > tooLate {
				next, ok = Next(plan, s, Fire{At: now.Add(-tooLate)})
			}
		}
		adv.add(a.ID, next, ok)
	}
	if err := adv.store(ctx, tx); err != nil {
		return 0, err
	}
	made, err := h.rows.store(ctx, tx, practiceID)
	if err != nil {
		return 0, err
	}
	jobs, err := h.sendJobs(ctx, tx, made)
	if err != nil {
		return 0, err
	}
	return h.handed, tx.InsertJobs(ctx, jobs)
}

// handover is what a batch hands to River: its messages with their pending rows, and a
// notice for each client whose reminders have no live link to carry.
type handover struct {
	key        *seal.Key
	practiceID uuid.UUID
	now        time.Time
	sends      []SendArgs
	channels   []string // each message's reminder channel setting
	rows       pending
	jobs       []river.InsertManyParams // the notices
	noticed    map[uuid.UUID]bool       // clients whose notice this batch has made
	handed     int                      // the messages in send jobs
}

// add hands over assignment a's firing f; link is the client's live homework link, if any.
func (h *handover) add(a *assignments.Assignment, f Fire, link *liveLink) {
	args := SendArgs{PracticeID: h.practiceID, AssignmentID: a.ID, Date: f.Date, Message: f.Kind, FireAt: f.At}
	h.sends, h.channels = append(h.sends, args), append(h.channels, a.ReminderChannel)
	h.rows.add(h.key, args, a.ClientID, a.ReminderChannel, link)
	if link == nil && !h.noticed[a.ClientID] {
		h.noticed[a.ClientID] = true
		h.jobs = append(h.jobs, river.InsertManyParams{Args: noticeFor(h.practiceID, a.ClientID, h.now)})
	}
}

// sendJobs are the notices and the messages' send jobs, given the delivery rows the batch made
// (see grouped). The notices, unique per client and day, go in the order of their clients, so
// two batches dispatched at once that both notice the same clients wait on each other rather
// than deadlock.
func (h *handover) sendJobs(ctx context.Context, tx *db.Tx, made map[uuid.UUID]bool) ([]river.InsertManyParams, error) {
	slices.SortFunc(h.jobs, func(a, b river.InsertManyParams) int {
		x, y := a.Args.(LinkNoticeArgs).ClientID, b.Args.(LinkNoticeArgs).ClientID
		return bytes.Compare(x[:], y[:])
	})
	var fresh, before []SendArgs
	for i, args := range h.sends {
		all := true
		for _, ch := range ReminderChannelsOf(h.channels[i]) {
			all = all && made[deliveryID(args, ch)]
		}
		if all {
			fresh = append(fresh, args)
		} else {
			before = append(before, args)
		}
	}
	before, err := unheld(ctx, tx, before)
	h.handed = len(fresh) + len(before)
	return append(h.jobs, grouped(fresh, before)...), err
}

// dueSchedulesSQL reads and locks a batch of a practice's due schedules after a cursor. The lock
// is the one its UPDATE takes (NO KEY UPDATE, not UPDATE): a delivery row's key names its
// schedule, and a row made meanwhile by a sender takes a KEY SHARE lock that must not wait.
const dueSchedulesSQL = `SELECT s.next_fire_at, s.occurrence_date, s.kind, ` + cadenceColumns + `
	FROM reminder_schedules s
	WHERE s.practice_id = $1 AND s.next_fire_at <= $2 AND (s.next_fire_at, s.assignment_id) > ($3, $4)
	ORDER BY s.next_fire_at, s.assignment_id LIMIT $5 FOR NO KEY UPDATE SKIP LOCKED`

// dueSchedules reads and locks the next batch of a practice's due schedules, and moves the
// cursor past them.
func dueSchedules(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, now time.Time, after *cursor) ([]schedule, error) {
	var rows []schedule
	// pgx directly, as the rest of the storm's path (decisions 0005 and 0006); pgtype reads
	// '-infinity'.
	err := tx.WithPgx(func(ptx pgx.Tx) error {
		res, err := ptx.Query(ctx, dueSchedulesSQL, practiceID, now, after.at, after.id, batchSize)
		if err != nil {
			return err
		}
		var r schedule
		var c cadenceRow
		var at pgtype.Timestamptz
		_, err = pgx.ForEachRow(res, append([]any{&at, &r.OccurrenceDate, &r.Kind}, c.targets()...), func() error {
			var err error
			if r.assignment, err = c.assignment(); err != nil {
				return err
			}
			after.at, after.id = at, r.assignment.ID
			r.NextFireAt = time.Unix(0, 0).UTC() // '-infinity': work it out again
			if at.InfinityModifier == pgtype.Finite {
				r.NextFireAt = at.Time
			}
			rows = append(rows, r)
			r, c = schedule{}, cadenceRow{} // nil pointers: the next row's are scanned into new ones
			return nil
		})
		return err
	})
	return rows, err
}

// advances are a batch's next firings, stored in one statement.
type advances struct {
	ids   []uuid.UUID
	at    []*time.Time
	dates []*time.Time
	kinds []*string
}

// add records an assignment's next firing, or that there is none.
func (v *advances) add(id uuid.UUID, next Fire, ok bool) {
	v.ids = append(v.ids, id)
	if !ok {
		v.at, v.dates, v.kinds = append(v.at, nil), append(v.dates, nil), append(v.kinds, nil)
		return
	}
	at, date, kind := next.At, next.Date.UTC(), string(next.Kind)
	v.at, v.dates, v.kinds = append(v.at, &at), append(v.dates, &date), append(v.kinds, &kind)
}

// advanceSchedulesSQL stores a batch's next firings, one array per column.
const advanceSchedulesSQL = `UPDATE reminder_schedules s SET next_fire_at = n.at, occurrence_date = n.date, kind = n.kind
	FROM unnest($1::uuid[], $2::timestamptz[], $3::date[], $4::text[]) AS n(id, at, date, kind)
	WHERE s.assignment_id = n.id`

func (v *advances) store(ctx context.Context, tx *db.Tx) error {
	if len(v.ids) == 0 {
		return nil
	}
	// pgx directly, as the rest of the storm's path (decisions 0005 and 0006): one array per
	// column for unnest.
	return tx.WithPgx(func(ptx pgx.Tx) error {
		_, err := ptx.Exec(ctx, advanceSchedulesSQL, v.ids, v.at, v.dates, v.kinds)
		return err
	})
}

// DispatchArgs is the periodic job that runs Dispatch.
type DispatchArgs struct{}

// Kind names the job.
func (DispatchArgs) Kind() string { return "reminder_dispatch" }

// InsertOpts keep one dispatch per minute.
func (DispatchArgs) InsertOpts() river.InsertOpts {
	return river.InsertOpts{UniqueOpts: river.UniqueOpts{ByPeriod: time.Minute}}
}

// DispatchWorker runs Dispatch.
type DispatchWorker struct {
	river.WorkerDefaults[DispatchArgs]
	DB  *db.DB
	Key *seal.Key // derives the link tokens of the messages it hands over
	Now func() time.Time
}

// Work dispatches what is due now.
func (w *DispatchWorker) Work(ctx context.Context, _ *river.Job[DispatchArgs]) error {
	now := time.Now()
	if w.Now != nil {
		now = w.Now()
	}
	_, err := Dispatch(ctx, w.DB, w.Key, now)
	return err
}

// inputs are what shapes a batch's firings besides its schedules, by client.
type inputs struct {
	zones map[uuid.UUID][]cadence.Zone
	prefs map[uuid.UUID]preference
	links map[uuid.UUID]*liveLink // by client
	quiet Quiet
}

// shape is an assignment's plan and settings, and whether it sends anything at all.
func (in *inputs) shape(a *assignments.Assignment) (cadence.Plan, Settings, bool) {
	at, _ := cadence.ParseClock(a.AtTime)
	if a.ReminderAt != nil {
		at, _ = cadence.ParseClock(*a.ReminderAt)
	}
	p := in.prefs[a.ClientID]
	if p.PreferredAt != nil {
		at, _ = cadence.ParseClock(*p.PreferredAt)
	}
	live := a.Status == assignments.Active && a.ReminderChannel != "none" && !p.Off && p.ClientStatus == "active"
	return a.Plan(in.zones[a.ClientID]), Settings{At: at, Nudge: a.ReminderNudge, Quiet: in.quiet}, live
}
