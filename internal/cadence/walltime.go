package cadence

import (
	"math"
	"time"
)

// WallTime is the instant at which a wall clock in loc reads date d at clock c.
//
// Daylight saving makes some readings impossible and others ambiguous. The rules are chosen
// so that a reminder never fires twice and never vanishes:
//   - a reading inside a spring-forward gap moves forward by the length of the gap
//     (02:30 on the US spring-forward day becomes 03:30): it still happens, a little late;
//   - a reading that happens twice (fall-back) is the earlier instant, so the reminder fires
//     once, on the first pass.
//
// time.Date leaves both cases unspecified, so WallTime does not call it: it lists the zone
// periods (spans of constant UTC offset) around the reading and tries each offset in turn.
// loc must not be nil.
func WallTime(d Date, c Clock, loc *time.Location) time.Time {
	wall := time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, time.UTC).Unix()
	ps, n := periodsAround(wall, loc)
	// Periods are in time order, so the first one whose offset gives an instant inside it
	// gives the earliest instant reading wall.
	for _, p := range ps[:n] {
		if u := wall - p.offset; p.start <= u && u < p.end {
			return time.Unix(u, 0).In(loc)
		}
	}
	// No instant reads wall: it lies in a gap, between the end of period p read with p's
	// offset and the start of the next read with its (larger) offset. Keeping p's offset lands
	// after the transition, the reading pushed forward by exactly the gap.
	for i := 0; i+1 < n; i++ {
		p, q := ps[i], ps[i+1]
		if wall-p.offset >= p.end && wall-q.offset < q.start {
			return time.Unix(wall-p.offset, 0).In(loc)
		}
	}
	// Unreachable with tz database zones (periodsAround covers every candidate); kept so a
	// malformed zone gives a time rather than a panic.
	return time.Date(d.Year, d.Month, d.Day, c.Hour, c.Minute, 0, 0, loc)
}

// period is a span [start, end) of Unix seconds during which loc's UTC offset is constant.
type period struct {
	start, end int64
	offset     int64 // seconds east of UTC
}

// reach bounds how far an instant can be from its wall reading. The tz database's offsets,
// local mean times included, stay within ±16h, and every instant that reads wall, or that
// brackets the gap wall falls in, is within one offset of it. A day is a generous margin.
const reach = 24 * 60 * 60

// maxPeriods caps the periods looked at; real zones change at most twice in two days.
const maxPeriods = 6

// periodsAround lists, in order, loc's periods overlapping [wall-reach, wall+reach].
// It returns a fixed array so that the many calls per Plan query allocate nothing.
func periodsAround(wall int64, loc *time.Location) (ps [maxPeriods]period, n int) {
	t := time.Unix(wall-reach, 0).In(loc)
	for n < maxPeriods {
		_, off := t.Zone()
		from, to := t.ZoneBounds()
		p := period{start: math.MinInt64, end: math.MaxInt64, offset: int64(off)}
		if !from.IsZero() {
			p.start = from.Unix()
		}
		if !to.IsZero() {
			p.end = to.Unix()
		}
		ps[n] = p
		n++
		if p.end > wall+reach {
			break
		}
		t = time.Unix(p.end, 0).In(loc)
	}
	return ps, n
}
