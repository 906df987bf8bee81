package safety

import (
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// OpenScreenNote opens safety screen id's sealed note, for the practice's export of all its
// data (internal/practicedata), which writes clinical text as words, not ciphertext.
func OpenScreenNote(tx *db.Tx, id uuid.UUID, sealed []byte) (string, error) {
	text, err := tx.Open(sealed, notePurpose(id))
	return string(text), err
}
