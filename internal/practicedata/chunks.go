package practicedata

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"errors"
	"fmt"
	"hash"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
)

// chunkSize is the most one stored piece of an archive holds: a piece is sealed and written
// as the archive is made, and read and opened one at a time as it is downloaded, so neither
// ever holds the whole archive in memory.
const chunkSize = 1 << 20

// chunkPurpose is what piece seq of an export is sealed for, with the practice's own data key
// (db.Tx's Seal, internal/datakeys), as its clinical text is: a piece moved to another export,
// another place in the archive or another practice does not open.
func chunkPurpose(practiceID, exportID uuid.UUID, seq int) string {
	return fmt.Sprintf("practice export:%s:%s:%d", practiceID, exportID, seq)
}

const (
	// insertChunkSQL stores one sealed piece of an archive.
	insertChunkSQL = `INSERT INTO practice_export_chunks (practice_id, export_id, seq, data) VALUES (?, ?, ?, ?)`
	// chunkSQL reads one piece.
	chunkSQL = `SELECT data FROM practice_export_chunks WHERE practice_id = ? AND export_id = ? AND seq = ?`
	// deleteChunksSQL deletes every piece of an export.
	deleteChunksSQL = `DELETE FROM practice_export_chunks WHERE practice_id = ? AND export_id = ?`
)

// chunkWriter is where an archive is written: it cuts the bytes into pieces of chunkSize,
// seals each and stores it in tx, and keeps the whole archive's size and SHA-256.
type chunkWriter struct {
	tx     *db.Tx
	export uuid.UUID
	buf    []byte
	seq    int
	size   int64
	sum    hash.Hash
}

func newChunkWriter(tx *db.Tx, exportID uuid.UUID) *chunkWriter {
	return &chunkWriter{tx: tx, export: exportID, buf: make([]byte, 0, chunkSize), sum: sha256.New()}
}

// Write takes the next bytes of the archive.
func (w *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	w.size += int64(n)
	w.sum.Write(p)
	for len(p) > 0 {
		take := min(chunkSize-len(w.buf), len(p))
		w.buf, p = append(w.buf, p[:take]...), p[take:]
		if len(w.buf) == chunkSize {
			if err := w.flush(); err != nil {
				return 0, err
			}
		}
	}
	return n, nil
}

// Close stores the last, shorter piece.
func (w *chunkWriter) Close() error {
	if len(w.buf) == 0 {
		return nil
	}
	return w.flush()
}

func (w *chunkWriter) flush() error {
	practiceID := w.tx.PracticeID()
	sealed, err := w.tx.Seal(w.buf, chunkPurpose(practiceID, w.export, w.seq))
	if err != nil {
		return err
	}
	if err := w.tx.Gorm.Exec(insertChunkSQL, practiceID, w.export, w.seq, db.Bytes(sealed)).Error; err != nil {
		return err
	}
	w.seq++
	w.buf = w.buf[:0]
	return nil
}

// readChunk reads and opens piece seq of an export; ok is false past the last piece.
func (s *Service) readChunk(ctx context.Context, scope db.Scope, exportID uuid.UUID, seq int) (piece []byte, ok bool, err error) {
	err = s.db.InTenant(ctx, scope, func(tx *db.Tx) error {
		var sealed []byte
		err := tx.Gorm.Raw(chunkSQL, scope.PracticeID, exportID, seq).Row().Scan(&sealed)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		piece, err = tx.Open(sealed, chunkPurpose(scope.PracticeID, exportID, seq))
		ok = err == nil
		return err
	})
	return piece, ok, err
}
