package assignments

import (
	"encoding/json"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/db"
)

// A response's answers are stored sealed with the practice's data key (internal/datakeys):
// every answer, not only free text, since a checklist or a PHQ-9 item says as much as words.
// Scores, which charts and alerts read, stay plain in their own table.

// sealAnswers seals answers for the response id.
func sealAnswers(tx *db.Tx, id uuid.UUID, answers map[string]any) ([]byte, error) {
	raw, err := json.Marshal(answers)
	if err != nil {
		return nil, err
	}
	return tx.Seal(raw, checkins.AnswersPurpose(id))
}

// OpenAnswers gives the answers of the response id: opened from sealed, or plain as a row
// stored before sealing holds them until the worker's seal_stored job seals it.
func OpenAnswers(tx *db.Tx, id uuid.UUID, plain map[string]any, sealed []byte) (map[string]any, error) {
	if sealed == nil {
		return plain, nil
	}
	raw, err := tx.Open(sealed, checkins.AnswersPurpose(id))
	if err != nil {
		return nil, err
	}
	var answers map[string]any
	return answers, json.Unmarshal(raw, &answers)
}

// openResponse opens r's answers in place.
func openResponse(tx *db.Tx, r *Response) (err error) {
	r.Answers, err = OpenAnswers(tx, r.ID, r.Answers, r.AnswersSealed)
	r.AnswersSealed = nil
	return err
}

const (
	plainResponsesSQL = `SELECT id, answers::text AS text FROM responses WHERE answers IS NOT NULL LIMIT 500`
	sealResponseSQL   = `UPDATE responses SET answers = NULL, answers_sealed = ? WHERE practice_id = ? AND id = ?`
)

// SealStored seals up to 500 of the practice's answers still stored plain and says how many;
// the worker's seal_stored job calls it until it says none.
func SealStored(tx *db.Tx) (int, error) {
	return tx.SealRows(plainResponsesSQL, sealResponseSQL, checkins.AnswersPurpose)
}
