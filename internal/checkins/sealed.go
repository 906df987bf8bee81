package checkins

import (
	"encoding/json"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// A journal entry's body and an alert's note are sealed with the practice's data key
// (internal/datakeys); these read and write them. A row written before sealing holds its
// text plain until the worker's seal_stored job seals it (SealStored), so reads take either.

// entryColumns are what readEntries scans.
const entryColumns = `id, body, body_sealed, created_at`

// readEntries runs query, which selects entryColumns, and opens each body.
func readEntries(tx *db.Tx, query string, args ...any) ([]Entry, error) {
	var rows []struct {
		ID         uuid.UUID
		Body       *string
		BodySealed []byte
		CreatedAt  time.Time
	}
	if err := tx.Gorm.Raw(query, args...).Scan(&rows).Error; err != nil {
		return nil, err
	}
	out := make([]Entry, len(rows))
	for i, r := range rows {
		out[i] = Entry{ID: r.ID, CreatedAt: r.CreatedAt}
		body, err := openText(tx, r.Body, r.BodySealed, journalPurpose(r.ID))
		if err != nil {
			return nil, err
		}
		out[i].Body = body
	}
	return out, nil
}

// openText is a text stored plain (not yet sealed) or sealed for purpose; neither is "".
func openText(tx *db.Tx, plain *string, sealed []byte, purpose string) (string, error) {
	if sealed == nil {
		if plain == nil {
			return "", nil
		}
		return *plain, nil
	}
	text, err := tx.Open(sealed, purpose)
	return string(text), err
}

// sealNote seals an alert's note, or gives nil for no note.
func sealNote(tx *db.Tx, id uuid.UUID, note string) ([]byte, error) {
	if note == "" {
		return nil, nil
	}
	return tx.Seal([]byte(note), notePurpose(id))
}

func journalPurpose(id uuid.UUID) string { return "journal entry:" + id.String() }
func notePurpose(id uuid.UUID) string    { return "risk alert note:" + id.String() }

const (
	plainEntriesSQL = `SELECT id, body AS text FROM journal_entries WHERE body IS NOT NULL LIMIT 500`
	sealEntrySQL    = `UPDATE journal_entries SET body = NULL, body_sealed = ? WHERE practice_id = ? AND id = ?`
	plainNotesSQL   = `SELECT id, note AS text FROM risk_alerts WHERE note <> '' LIMIT 500`
	sealNoteSQL     = `UPDATE risk_alerts SET note = '', note_sealed = ? WHERE practice_id = ? AND id = ?`
)

// SealStored seals up to 500 of the practice's journal entries and alert notes still stored
// plain, and says how many; the worker's seal_stored job calls it until it says none.
func SealStored(tx *db.Tx) (int, error) {
	n, err := tx.SealRows(plainEntriesSQL, sealEntrySQL, journalPurpose)
	if err != nil {
		return n, err
	}
	m, err := tx.SealRows(plainNotesSQL, sealNoteSQL, notePurpose)
	return n + m, err
}

// AnswersPurpose is what a response's answers are sealed for. It lives here, below
// assignments (which stores answers), because an alert shows the answer that raised it.
func AnswersPurpose(responseID uuid.UUID) string { return "answers:" + responseID.String() }

// openAlert opens an alert's note and, from the sealed answers of its response, the answer
// given to the alert's item.
func openAlert(tx *db.Tx, a *Alert) error {
	note, err := openText(tx, &a.Note, a.NoteSealed, notePurpose(a.ID))
	if err != nil {
		return err
	}
	a.Note, a.NoteSealed = note, nil
	if a.AnswersSealed == nil || a.ResponseID == nil {
		return nil
	}
	raw, err := tx.Open(a.AnswersSealed, AnswersPurpose(*a.ResponseID))
	if err != nil {
		return err
	}
	a.AnswersSealed = nil
	var answers map[string]any
	if err := json.Unmarshal(raw, &answers); err != nil {
		return err
	}
	switch v := answers[a.Item].(type) {
	case string:
		a.Given = &v
	case float64:
		given := strconv.FormatFloat(v, 'f', -1, 64)
		a.Given = &given
	}
	return nil
}
