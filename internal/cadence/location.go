package cadence

import (
	"sync"
	"time"
)

var locations sync.Map // name → *time.Location

// Location is time.LoadLocation with a cache: loading reads the tz database from disk each
// time, and the reminder sender needs a client's zones for every message.
func Location(name string) (*time.Location, error) {
	if loc, ok := locations.Load(name); ok {
		return loc.(*time.Location), nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return nil, err
	}
	locations.Store(name, loc)
	return loc, nil
}
