package homework

import "github.com/steadyhq/steady/internal/checkins"

// handlers serves the client's homework: today's tasks, one task, an answer and their history.
// The history shows the client's journal beside their answers, so it reads the journal too.
type handlers struct {
	svc     *Service
	journal *checkins.Service
}
