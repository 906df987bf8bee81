package progress

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
)

// ExportHeader names the columns of a client's record as CSV.
var ExportHeader = []string{"record", "date", "submitted_at", "exercise", "item", "answer", "score", "band"}

// Export returns a client's record (every answer field by field, every score, every journal
// entry) as CSV rows, oldest first, and leaves a client.export audit row.
func (s *Service) Export(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([][]string, error) {
	var rows [][]string
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		if _, err := clients.Visible(ctx, tx, caller, clientID); err != nil {
			return err
		}
		var err error
		if rows, err = answerRows(ctx, tx, clientID); err != nil {
			return err
		}
		if rows, err = appendJournal(ctx, tx, clientID, rows); err != nil {
			return err
		}
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "client.export", SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID,
				Detail: map[string]any{"rows": len(rows)}})
	})
	return rows, s.clients.Denied(ctx, caller, "client", clientID, err)
}

// exportAnswersSQL reads a client's answers, oldest first, with their definitions and scores.
const exportAnswersSQL = `SELECT r.id, r.occurrence_date, r.submitted_at, r.step, r.answers, r.answers_sealed, a.definition,
		s.total, s.band
	FROM responses r JOIN assignments a ON a.practice_id = r.practice_id AND a.id = r.assignment_id
	LEFT JOIN scores s ON s.practice_id = r.practice_id AND s.response_id = r.id
	WHERE r.client_id = ? ORDER BY r.submitted_at, r.id`

func answerRows(ctx context.Context, tx *db.Tx, clientID uuid.UUID) ([][]string, error) {
	var rs []struct {
		ID             uuid.UUID
		OccurrenceDate time.Time
		SubmittedAt    time.Time
		Step           int
		Answers        map[string]any `gorm:"serializer:json"`
		AnswersSealed  []byte
		Definition     library.Definition `gorm:"serializer:json"`
		Total          *int
		Band           *string
	}
	if err := tx.Gorm.Raw(exportAnswersSQL, clientID).Scan(&rs).Error; err != nil {
		return nil, err
	}
	var out [][]string
	for _, r := range rs {
		answers, err := assignments.OpenAnswers(tx, r.ID, r.Answers, r.AnswersSealed)
		if err != nil {
			return nil, err
		}
		date, at := r.OccurrenceDate.Format("2006-01-02"), r.SubmittedAt.UTC().Format(time.RFC3339)
		for _, f := range r.Definition.FieldsFor(r.Step) {
			if v, ok := answers[f.ID]; ok {
				out = append(out, []string{"answer", date, at, r.Definition.Title, f.Label, readable(f, v), "", ""})
			}
		}
		if r.Total != nil {
			out = append(out, []string{"score", date, at, r.Definition.Title, "total", "", fmt.Sprint(*r.Total), *r.Band})
		}
	}
	return out, nil
}

func appendJournal(ctx context.Context, tx *db.Tx, clientID uuid.UUID, out [][]string) ([][]string, error) {
	es, err := checkins.WholeJournal(ctx, tx, clientID)
	for _, e := range es {
		out = append(out, []string{"journal", e.CreatedAt.UTC().Format("2006-01-02"), e.CreatedAt.UTC().Format(time.RFC3339),
			"", "", e.Body, "", ""})
	}
	return out, err
}

// readable writes an answer the way a person reads it: choices by their label.
func readable(f library.Field, v any) string {
	label := func(id any) string {
		for _, o := range f.Options {
			if o.ID == id {
				return o.Label
			}
		}
		return fmt.Sprint(id)
	}
	switch x := v.(type) {
	case bool:
		if x {
			return "yes"
		}
		return "no"
	case string:
		if len(f.Options) > 0 {
			return label(x)
		}
		return x
	case []any:
		parts := make([]string, len(x))
		for i, id := range x {
			parts[i] = label(id)
		}
		return strings.Join(parts, "; ")
	case float64:
		return fmt.Sprint(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}
