package cadence

import "time"

// Status is where an occurrence stands for the client.
type Status string

const (
	Upcoming Status = "upcoming" // not open yet
	Due      Status = "due"      // open and not done
	Done     Status = "done"     // completed on its own local day (or before)
	Late     Status = "late"     // completed after its own local day
	Missed   Status = "missed"   // closed without being completed
)

// StatusOf is o's status given when it was completed (nil: not completed) and now.
// Completion on its own day, before EndOfDay, is "done"; later is "late", even if the
// exercise was still open when it was done.
func (o Occurrence) StatusOf(completed *time.Time, now time.Time) Status {
	switch {
	case completed != nil && completed.Before(o.EndOfDay):
		return Done
	case completed != nil:
		return Late
	case now.Before(o.Opens):
		return Upcoming
	case now.Before(o.Closes):
		return Due
	}
	return Missed
}

// Open reports whether the client may submit o now: Opens <= now < Closes.
func (o Occurrence) Open(now time.Time) bool {
	return !now.Before(o.Opens) && now.Before(o.Closes)
}
