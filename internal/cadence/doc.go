// Package cadence turns an assignment's cadence (once, daily, weekly or every N weeks, monthly,
// a programme of N days) into dated occurrences in the client's own time zone. It is pure: no
// database, no clock of its own; callers pass the zone history, pauses and "now".
//
// Two rules carry the weight, both chosen so that a reminder never fires twice and is never
// lost: WallTime resolves local times that do not exist or happen twice (daylight saving),
// and Plan picks one zone per local date when the client's time zone changes. An
// occurrence's identity is its local Date; docs/cadence.md explains the rules with examples.
package cadence
