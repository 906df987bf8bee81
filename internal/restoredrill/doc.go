// Package restoredrill holds no code, only a test: the restore drill of docs/operations.md
// ("Backups and recovery"), run on every `go test ./...`. It fills a database with the demo
// practice and a second practice (a row in every table), dumps it with pg_dump, restores the
// dump into a fresh database with pg_restore, and shows that the copy holds every row, keeps
// its row-level security, and runs: the real `steady worker` finishes the jobs that were
// pending at backup time (and re-runs the one that was running without sending twice), and
// the real `steady serve` lets every demo member, a two-factor member, a signed-in session
// and the clients' homework links in.
package restoredrill
