package cadence

import (
	"sort"
	"time"
)

// Zone is one span of the client's time-zone history: from From on, the client lives in Loc
// (never nil). A Plan's zones are sorted by From; the first one's From is ignored, it covers
// all earlier time.
type Zone struct {
	From time.Time
	Loc  *time.Location
}

// zoneFor picks the zone that local date d uses and the instant d's occurrence is due there:
// the latest zone k whose clock reads d at At no earlier than From_k; failing all, the first.
//
// Why this rule gives every local date exactly once, in order, across any move:
//
//   - Each date is mapped to one zone, so no date can be given twice (the Date is the
//     occurrence's identity; a reminder keyed by it cannot repeat).
//   - Moving west (clocks behind): the new clock reaches d at At after the move, so the date
//     waits for the new clock. The client lives the move-day morning twice; it is given once,
//     at the reading they will see in the place they now are.
//   - Moving east (clocks ahead): the new clock may have passed d at At before the client
//     arrived. Rather than lose the date, it falls back to the earlier zone's reading, which
//     is still to come. Later dates use the new zone.
//   - If d qualifies for zone k, so does every later date (its reading is a day later), so
//     the zone index never decreases along the dates. Past dates keep their earlier zones
//     (an edit never moves an occurrence to before From), and consecutive Dues differ by a
//     day minus the change in UTC offset: strictly increasing whenever the zones involved are
//     less than 24 hours apart, which holds for every pair but a few in the Pacific (Niue at
//     UTC−11 and Kiritimati at UTC+14, say).
func (p Plan) zoneFor(d Date) (*time.Location, time.Time) {
	at := p.Rule.At
	zs := p.Zones
	if len(zs) == 0 {
		return time.UTC, WallTime(d, at, time.UTC)
	}
	// A reading lies within two days of the date and clock taken as UTC (offsets stay within
	// a day, and so do gaps), so zones starting later cannot qualify: skip them by binary
	// search. Walking down then stops at the first zone that began two days before, or
	// earlier, so a long history costs a few WallTime calls per date, not one per zone.
	limit := time.Date(d.Year, d.Month, d.Day, at.Hour, at.Minute, 0, 0, time.UTC).Add(2 * reach * time.Second)
	rest := zs[1:] // zs[0].From is ignored
	k := sort.Search(len(rest), func(i int) bool { return rest[i].From.After(limit) })
	for k--; k >= 0; k-- {
		if due := WallTime(d, at, rest[k].Loc); !due.Before(rest[k].From) {
			return rest[k].Loc, due
		}
	}
	return zs[0].Loc, WallTime(d, at, zs[0].Loc)
}
