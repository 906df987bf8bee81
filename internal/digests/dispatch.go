package digests

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

const (
	// DispatchInterval is how often the dispatcher looks for digests due.
	DispatchInterval = time.Minute
	// batchSize is how many people's settings one transaction works through.
	batchSize = 100
	// tooLate is how long after its time a digest is still made; an older one (the dispatcher
	// was down for a day) is skipped for the next week's rather than sent out of its moment.
	tooLate = 24 * time.Hour
)

// DispatchArgs is the periodic job that makes the digests due.
type DispatchArgs struct{}

// Kind names the job.
func (DispatchArgs) Kind() string { return "digest_dispatch" }

// DispatchWorker runs the dispatcher.
type DispatchWorker struct {
	river.WorkerDefaults[DispatchArgs]
	Digests *Service
}

// Work dispatches for half the job's time, then, when digests are left, asks to run again at
// once: each batch is committed as it is made, so a run cut short by its timeout loses
// nothing, but one whose every attempt runs out of time would never get past its first batch
// (on Citus a digest is slower; the crash tests give jobs 2.5 s).
func (w *DispatchWorker) Work(ctx context.Context, _ *river.Job[DispatchArgs]) error {
	_, left, err := w.Digests.dispatch(ctx, sliceEnd(ctx))
	if err == nil && left {
		return river.JobSnooze(0)
	}
	return err
}

// sliceEnd is when a run stops starting digests: half-way to ctx's deadline, if it has one.
func sliceEnd(ctx context.Context) time.Time {
	deadline, ok := ctx.Deadline()
	if !ok {
		return time.Time{}
	}
	return time.Now().Add(time.Until(deadline) / 2)
}

// past reports whether the real time end (zero: never) has passed.
func past(end time.Time) bool { return !end.IsZero() && time.Now().After(end) }

// duePracticesSQL lists the practices with digests due or settings to work out.
const duePracticesSQL = `SELECT digests_due_practices(?)`

// Dispatch makes every digest due now, practice by practice, a batch per transaction: each
// digest is stored under its (person, week) key with its email job, and the person's next
// send time advanced, in one transaction, so a crash loses none and repeats none. It returns
// how many digests it made.
func (s *Service) Dispatch(ctx context.Context) (int, error) {
	made, _, err := s.dispatch(ctx, time.Time{})
	return made, err
}

// dispatch is Dispatch that stops between digests once the real time end has passed (zero:
// never) and reports whether it left some due.
func (s *Service) dispatch(ctx context.Context, end time.Time) (made int, left bool, err error) {
	now := s.now()
	var practices []uuid.UUID
	if err := s.db.InGlobal(ctx, func(tx *db.Tx) error {
		return tx.Gorm.Raw(duePracticesSQL, now).Scan(&practices).Error
	}); err != nil {
		return 0, false, err
	}
	batches := 0
	for _, p := range practices {
		for full := true; full; batches++ {
			if batches > 0 && past(end) { // the first batch runs whatever the time: each run makes some
				return made, true, nil
			}
			var m int
			err := s.db.InTenant(ctx, db.Scope{PracticeID: p}, func(tx *db.Tx) (err error) {
				full, m, err = s.dispatchBatch(ctx, tx, p, now, end)
				return err
			})
			made += m
			if err != nil {
				return made, false, err
			}
		}
	}
	return made, false, nil
}

// due is one person's settings whose next send time has come.
type due struct {
	UserID   uuid.UUID
	Weekday  int
	Hour     int
	TimeZone string
	Email    bool
	Unset    bool       // next_send_at is '-infinity': to be worked out
	At       *time.Time // the send time that has come
}

func (d due) settings() Settings {
	return Settings{Weekday: time.Weekday(d.Weekday), Hour: d.Hour, TimeZone: d.TimeZone, Email: d.Email}
}

const (
	// dueSQL locks a batch of the practice's due settings, skipping rows another dispatcher holds.
	dueSQL = `SELECT user_id, weekday, hour, time_zone, email, next_send_at = '-infinity' AS unset,
			CASE WHEN next_send_at = '-infinity' THEN NULL ELSE next_send_at END AS at
		FROM digest_settings WHERE practice_id = ? AND next_send_at <= ? ORDER BY next_send_at, user_id LIMIT ?
		FOR UPDATE SKIP LOCKED`
	// advanceSQL moves a person's next send time on.
	advanceSQL = `UPDATE digest_settings SET next_send_at = ? WHERE practice_id = ? AND user_id = ?`
)

// dispatchBatch works through up to batchSize due settings: it works out unset ones, skips
// people no longer active and digests too late, and makes the rest, stopping early once the
// real time end has passed. It returns whether it took a whole batch (more may be due) and the
// digests made.
func (s *Service) dispatchBatch(ctx context.Context, tx *db.Tx, practiceID uuid.UUID, now, end time.Time) (bool, int, error) {
	var rows []due
	if err := tx.Gorm.Raw(dueSQL, tx.PracticeID(), now, batchSize).Scan(&rows).Error; err != nil {
		return false, 0, err
	}
	made := 0
	for i, r := range rows {
		if i > 0 && past(end) {
			return true, made, nil // the rest stay due for the next transaction or run
		}
		st := r.settings()
		next := st.NextSend(now)
		if !r.Unset && now.Sub(*r.At) <= tooLate {
			ok, err := s.makeOne(ctx, tx, practiceID, r.UserID, st, *r.At, now)
			if err != nil {
				return false, 0, err
			}
			if ok {
				made++
			}
			next = st.NextSend(*r.At)
		}
		if err := tx.Gorm.Exec(advanceSQL, next, practiceID, r.UserID).Error; err != nil {
			return false, 0, err
		}
	}
	return len(rows) == batchSize, made, nil
}

// storeDigestSQL stores a digest once per person and week.
const storeDigestSQL = `INSERT INTO digests (practice_id, id, user_id, week, period_start, period_end, attention,
		content, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (practice_id, user_id, week) DO NOTHING`

// makeOne makes and stores one person's digest for the week of at, with its email job when
// they want the email. A person no longer active gets none. It reports whether one was made.
func (s *Service) makeOne(ctx context.Context, tx *db.Tx, practiceID, userID uuid.UUID, st Settings, at, now time.Time) (bool, error) {
	m, err := practice.FindMember(ctx, tx, userID)
	if errors.Is(err, practice.ErrNotFound) || (err == nil && m.Status != practice.StatusActive) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	week, from, to := st.Week(at)
	content, err := build(ctx, tx, userID, m.Role, st.location(), from, to, now)
	if err != nil {
		return false, err
	}
	id := uuid.New()
	res := tx.Gorm.Exec(storeDigestSQL, practiceID, id, userID, week.UTC(), from.UTC(), to.UTC(),
		content.attention(), db.JSON(content), now)
	if res.Error != nil || res.RowsAffected == 0 || !st.Email {
		return res.RowsAffected > 0, res.Error
	}
	return true, tx.InsertJob(ctx, SendArgs{PracticeID: practiceID, DigestID: id}, nil)
}

// attention is how many lines need attention: the one figure the email carries.
func (c *Content) attention() int {
	if c.Caseload == nil {
		return 0
	}
	return len(c.Caseload.Attention)
}

// settingsSQL reads one person's settings.
const settingsSQL = `SELECT weekday, hour, time_zone, email FROM digest_settings WHERE practice_id = ? AND user_id = ?`

// MakeAt makes the person's digest as the dispatcher would have at instant at (the week of
// at, looking back on the seven days before it), with its email job when they want the email,
// unless that week's digest exists. It is how the demo has last week's digest ready, and how
// tests get one without moving a clock. It returns the week's digest id.
func (s *Service) MakeAt(ctx context.Context, practiceID, userID uuid.UUID, at time.Time) (uuid.UUID, error) {
	var id uuid.UUID
	err := s.db.InTenant(ctx, db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		var r due
		if err := tx.Gorm.Raw(settingsSQL, practiceID, userID).Take(&r).Error; err != nil {
			return err
		}
		st := r.settings()
		if _, err := s.makeOne(ctx, tx, practiceID, userID, st, at, s.now()); err != nil {
			return err
		}
		week, _, _ := st.Week(at)
		return tx.Gorm.Raw(`SELECT id FROM digests WHERE practice_id = ? AND user_id = ? AND week = ?`, practiceID, userID, week.UTC()).Row().Scan(&id)
	})
	return id, err
}
