package cadence

import (
	"encoding/json"
	"fmt"
	"time"
)

// Date is a calendar date with no time zone: a client's local day. Dates from ParseDate,
// DateOf and AddDays are always real dates; Rule.Check refuses hand-made ones that are not.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

const dateLayout = "2006-01-02"

// ParseDate reads "YYYY-MM-DD" exactly (two-digit month and day, a day the month has).
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(dateLayout, s)
	if err != nil {
		return Date{}, fmt.Errorf("cadence: %q is not a date as YYYY-MM-DD", s)
	}
	return dateOf(t), nil
}

// DateOf is the local date of the instant t in loc.
func DateOf(t time.Time, loc *time.Location) Date {
	return dateOf(t.In(loc))
}

func dateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: m, Day: d}
}

// String formats d as "YYYY-MM-DD".
func (d Date) String() string {
	if d.Year < 0 || d.Year > 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
	}
	return string(d.Append(make([]byte, 0, 10)))
}

// Append appends d as String does to b, without fmt: a reminder storm derives a delivery id
// from a date several times a message. Years outside 0000–9999 are never stored.
func (d Date) Append(b []byte) []byte {
	y, m := d.Year, int(d.Month)
	return append(b, byte('0'+y/1000%10), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10%10), byte('0'+m%10), '-', byte('0'+d.Day/10%10), byte('0'+d.Day%10))
}

// IsZero reports whether d is the zero Date (no date given).
func (d Date) IsZero() bool { return d == Date{} }

// valid reports whether d names a real day in years 0000–9999 (what ParseDate accepts).
func (d Date) valid() bool {
	return d.Year >= 0 && d.Year <= 9999 && d == d.normal()
}

// normal is d with overflowing fields carried (2026-02-30 → 2026-03-02).
func (d Date) normal() Date { return dateOf(d.midnightUTC()) }

// midnightUTC is d's midnight read as UTC: a zone-free way to do calendar arithmetic.
func (d Date) midnightUTC() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC)
}

// AddDays is the date n days after d (before, for negative n).
func (d Date) AddDays(n int) Date {
	return dateOf(time.Date(d.Year, d.Month, d.Day+n, 0, 0, 0, 0, time.UTC))
}

// daysBetween is the number of days from a to b: negative if b is before a.
func daysBetween(a, b Date) int {
	return int((b.midnightUTC().Unix() - a.midnightUTC().Unix()) / (24 * 60 * 60))
}

// daysIn is the number of days in month m of year y (proleptic Gregorian, as time uses).
func daysIn(y int, m time.Month) int {
	switch m {
	case time.February:
		if y%4 == 0 && (y%100 != 0 || y%400 == 0) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

// Weekday is d's day of the week.
func (d Date) Weekday() time.Weekday { return d.midnightUTC().Weekday() }

// Before reports whether d is an earlier day than o.
func (d Date) Before(o Date) bool { return d.compare(o) < 0 }

// After reports whether d is a later day than o.
func (d Date) After(o Date) bool { return d.compare(o) > 0 }

func (d Date) compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText gives "YYYY-MM-DD", or "" for the zero Date so an empty form field round-trips
// (Rule.Check then says the field is required, by name). A date that is not real is an error.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	if !d.valid() {
		return nil, fmt.Errorf("cadence: %s is not a real date", d)
	}
	return []byte(d.String()), nil
}

// UnmarshalText reads "YYYY-MM-DD"; "" gives the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON gives the text form as a JSON string.
func (d Date) MarshalJSON() ([]byte, error) {
	b, err := d.MarshalText()
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(b))
}

// UnmarshalJSON reads a JSON string; null leaves d unchanged, as encoding/json expects.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("cadence: a date must be a string as YYYY-MM-DD")
	}
	return d.UnmarshalText([]byte(s))
}

// UTC is d's midnight read as UTC: how a PostgreSQL date column stores and returns it.
func (d Date) UTC() time.Time { return d.midnightUTC() }
