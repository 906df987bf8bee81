package safety

import (
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// A screen's note is stored sealed with the practice's data key (internal/datakeys); a note
// stored before sealing stays plain until the worker's seal_stored job seals it.

func notePurpose(id uuid.UUID) string { return "safety screen note:" + id.String() }

// openNote opens s's note in place.
func openNote(tx *db.Tx, s *Screen) error {
	if s.NoteSealed == nil {
		return nil
	}
	note, err := tx.Open(s.NoteSealed, notePurpose(s.ID))
	s.Note, s.NoteSealed = string(note), nil
	return err
}

const (
	plainNotesSQL = `SELECT id, note AS text FROM safety_screens WHERE note <> '' LIMIT 500`
	sealNoteSQL   = `UPDATE safety_screens SET note = '', note_sealed = ? WHERE practice_id = ? AND id = ?`
)

// SealStored seals up to 500 of the practice's screen notes still stored plain and says how
// many; the worker's seal_stored job calls it until it says none.
func SealStored(tx *db.Tx) (int, error) {
	return tx.SealRows(plainNotesSQL, sealNoteSQL, notePurpose)
}
