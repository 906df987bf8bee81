package cadence

import "fmt"

// Clock is a time of day, to the minute, on a local wall clock.
type Clock struct {
	Hour, Minute int
}

// ParseClock reads "HH:MM" exactly, 00:00 to 23:59. "24:00" is refused: the end of a day is
// the next day's 00:00, and allowing both would give one instant two names.
func ParseClock(s string) (Clock, error) {
	bad := fmt.Errorf("cadence: %q is not a time as HH:MM between 00:00 and 23:59", s)
	if len(s) != 5 || s[2] != ':' {
		return Clock{}, bad
	}
	h, okH := twoDigits(s[0:2])
	m, okM := twoDigits(s[3:5])
	c := Clock{Hour: h, Minute: m}
	if !okH || !okM || !c.valid() {
		return Clock{}, bad
	}
	return c, nil
}

func twoDigits(s string) (int, bool) {
	if s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9' {
		return 0, false
	}
	return int(s[0]-'0')*10 + int(s[1]-'0'), true
}

func (c Clock) valid() bool {
	return c.Hour >= 0 && c.Hour <= 23 && c.Minute >= 0 && c.Minute <= 59
}

// String formats c as "HH:MM".
func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c.Hour, c.Minute) }

// MarshalText gives "HH:MM", so a Clock is a JSON string like a Date.
func (c Clock) MarshalText() ([]byte, error) {
	if !c.valid() {
		return nil, fmt.Errorf("cadence: %d:%d is not a time of day", c.Hour, c.Minute)
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads "HH:MM".
func (c *Clock) UnmarshalText(b []byte) error {
	v, err := ParseClock(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Window is a span of the day read on the clock, such as a practice's quiet hours. From after
// To spans midnight (21:00–08:00); equal ends mean an empty window.
type Window struct{ From, To Clock }

func (c Clock) minutes() int { return c.Hour*60 + c.Minute }

// Contains says whether the clock reading c lies inside the window (From inclusive, To not).
func (w Window) Contains(c Clock) bool {
	f, t, m := w.From.minutes(), w.To.minutes(), c.minutes()
	switch {
	case f == t:
		return false
	case f < t:
		return f <= m && m < t
	default:
		return m >= f || m < t
	}
}
