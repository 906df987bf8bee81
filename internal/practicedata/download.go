package practicedata

import (
	"context"
	"fmt"
	"io"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
)

// Download is a ready archive about to be streamed: its export, and a filename for it.
type Download struct {
	Export   Export
	Filename string
}

// OpenDownload checks that export id's archive can be downloaded now and records the download
// in the audit trail (committed before a byte is sent): ErrNotFound, ErrNotReady while it is
// being made or failed, ErrExpired once its link has run out.
func (s *Service) OpenDownload(ctx context.Context, caller auth.Caller, id uuid.UUID) (Download, error) {
	var d Download
	err := s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		e, err := find(tx, id)
		if err != nil {
			return err
		}
		switch e.Current(s.now()).Status {
		case StatusReady:
		case StatusExpired:
			return ErrExpired
		default:
			return ErrNotReady
		}
		d = Download{Export: e, Filename: fmt.Sprintf("steady-export-%s.zip", e.FinishedAt.UTC().Format("2006-01-02-150405"))}
		return record(ctx, tx, caller, "practice_export.download", e.ID, map[string]any{"bytes": e.SizeBytes})
	})
	return d, err
}

// Stream writes the archive to w a piece at a time, each read and opened in its own short
// transaction: a slow download holds no transaction open, and never the whole archive in
// memory. An archive that lost pieces meanwhile (the sweep) fails rather than ends short.
func (s *Service) Stream(ctx context.Context, d Download, w io.Writer) error {
	scope := db.Scope{PracticeID: d.Export.PracticeID}
	var sent int64
	for seq := 0; sent < d.Export.SizeBytes; seq++ {
		piece, ok, err := s.readChunk(ctx, scope, d.Export.ID, seq)
		if err != nil {
			return err
		}
		if !ok {
			return fmt.Errorf("practicedata: export %s lost piece %d", d.Export.ID, seq)
		}
		if _, err := w.Write(piece); err != nil {
			return err
		}
		sent += int64(len(piece))
	}
	return nil
}
