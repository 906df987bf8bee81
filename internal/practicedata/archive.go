package practicedata

import (
	"archive/zip"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"hash"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// archive is what write made: the zip's size and digest, and how many files and rows it holds.
type archive struct {
	size   int64
	sha256 []byte
	files  int
	rows   int64
}

// progress is how far an export has got: files written of all, rows written of all.
type progress struct {
	TablesTotal, TablesDone int
	RowsTotal, RowsDone     int64
}

// Format names the archive's layout in its manifest; FormatVersion changes when it does.
const (
	Format        = "steady-practice-export"
	FormatVersion = 1
)

// manifest is manifest.json, the archive's last file: what it holds and how to read it.
type manifest struct {
	Format        string            `json:"format"`
	FormatVersion int               `json:"format_version"`
	ExportID      uuid.UUID         `json:"export_id"`
	Practice      manifestPractice  `json:"practice"`
	ExportedAt    time.Time         `json:"exported_at"`
	SchemaVersion int               `json:"schema_version"`
	Files         []file            `json:"files"`
	Withheld      []withheld        `json:"withheld"`
	Notes         map[string]string `json:"notes"`
}

type manifestPractice struct {
	ID   uuid.UUID `json:"id"`
	Name string    `json:"name"`
}

// file is one file of the archive, as the manifest lists it. Rows are data rows (the header
// is not one); SHA-256 and bytes are of the file as stored in the zip, uncompressed.
type file struct {
	Path   string `json:"path"`
	Table  string `json:"table,omitempty"`
	Rows   int64  `json:"rows"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// notes say how to read the files; the manifest carries them so the archive explains itself.
var notes = map[string]string{
	"csv":        "UTF-8, comma-separated, a header row naming the columns as the database does, quoted as RFC 4180",
	"null":       "an empty cell is an empty value or none (NULL); the schema tells which a column may hold",
	"timestamps": "instants are UTC in RFC 3339 (2006-01-02T15:04:05.000000Z); dates and clock times as written",
	"json":       "JSON columns (answers, definitions, details, arrays) hold their JSON text in the cell",
	"formulas":   "a text cell starting with = + - @, a tab or a carriage return has a ' put before it, so a spreadsheet shows it rather than runs it",
	"sealed":     "clinical text stored encrypted in Steady (journals, answers, notes) is decrypted here, under its plain column's name",
	"people":     "people.csv names the members that user_id and similar columns point at",
}

// schemaVersionSQL reads the latest migration applied: which schema the tables' columns follow.
const schemaVersionSQL = `SELECT coalesce(max(version), 0) FROM schema_migrations`

// write writes the whole archive of the transaction's practice into its pieces: people.csv,
// a CSV per table, then manifest.json. report hears the progress after each file, and every
// progressRows rows within a large one.
func (s *Service) write(ctx context.Context, tx *db.Tx, exportID uuid.UUID, at time.Time, report func(progress) error) (archive, error) {
	tables, err := exportedTables(ctx, tx)
	if err != nil {
		return archive{}, err
	}
	p, err := totals(tx, tables)
	if err != nil {
		return archive{}, err
	}
	if err := report(p); err != nil {
		return archive{}, err
	}
	m, err := s.newManifest(ctx, tx, exportID, at)
	if err != nil {
		return archive{}, err
	}
	cw := newChunkWriter(tx, exportID)
	zw := zip.NewWriter(cw)
	people, err := writePeople(ctx, tx, zw, at)
	if err != nil {
		return archive{}, err
	}
	m.Files = append(m.Files, people)
	p.TablesDone, p.RowsDone = 1, people.Rows
	if err := report(p); err != nil {
		return archive{}, err
	}
	for _, t := range tables {
		base := p.RowsDone
		f, err := s.writeTable(ctx, tx, zw, t, at, func(rows int64) error {
			p.RowsDone = base + rows
			return report(p)
		})
		if err != nil {
			return archive{}, err
		}
		m.Files = append(m.Files, f)
		p.TablesDone, p.RowsDone = p.TablesDone+1, base+f.Rows
		if err := report(p); err != nil {
			return archive{}, err
		}
	}
	if err := writeJSON(zw, "manifest.json", at, m); err != nil {
		return archive{}, err
	}
	if err := zw.Close(); err != nil {
		return archive{}, err
	}
	if err := cw.Close(); err != nil {
		return archive{}, err
	}
	return archive{size: cw.size, sha256: cw.sum.Sum(nil), files: len(m.Files) + 1, rows: p.RowsDone}, nil
}

// exportedTables are the practice's tables less those withheld.
func exportedTables(ctx context.Context, tx *db.Tx) ([]table, error) {
	all, err := practiceTables(ctx, tx)
	if err != nil {
		return nil, err
	}
	var out []table
	for _, t := range all {
		if withheldTables[t.Name] == "" {
			out = append(out, t)
		}
	}
	return out, nil
}

// totals counts what the archive will hold: a file per table and people.csv (a row per
// membership), and their rows. The counts are of the snapshot the files are read from.
func totals(tx *db.Tx, tables []table) (progress, error) {
	counts, err := countRows(tx, tables)
	if err != nil {
		return progress{}, err
	}
	p := progress{TablesTotal: len(tables) + 1, RowsTotal: counts["memberships"]}
	for _, n := range counts {
		p.RowsTotal += n
	}
	return p, nil
}

// countRows counts the practice's rows of each table.
func countRows(tx *db.Tx, tables []table) (map[string]int64, error) {
	out := make(map[string]int64, len(tables))
	for _, t := range tables {
		var n int64
		if err := tx.Gorm.Raw(t.countSQL(tx)).Row().Scan(&n); err != nil {
			return nil, err
		}
		out[t.Name] = n
	}
	return out, nil
}

// newManifest starts the manifest: the practice, the moment, the schema.
func (s *Service) newManifest(ctx context.Context, tx *db.Tx, exportID uuid.UUID, at time.Time) (*manifest, error) {
	p, err := practice.Get(ctx, tx, tx.PracticeID())
	if err != nil {
		return nil, err
	}
	m := &manifest{Format: Format, FormatVersion: FormatVersion, ExportID: exportID,
		Practice: manifestPractice{ID: p.ID, Name: p.Name}, ExportedAt: at, Withheld: withheldList(), Notes: notes}
	return m, tx.Gorm.Raw(schemaVersionSQL).Row().Scan(&m.SchemaVersion)
}

// writePeople writes people.csv: each member's id, name and email, which the tables' user ids
// point at. Their credentials stay out (withheldPeople).
func writePeople(ctx context.Context, tx *db.Tx, zw *zip.Writer, at time.Time) (file, error) {
	members, err := practice.Members(ctx, tx)
	if err != nil {
		return file{}, err
	}
	ids := make([]uuid.UUID, len(members))
	for i, m := range members {
		ids[i] = m.UserID
	}
	people, err := auth.UsersByEmail(ctx, tx, ids)
	if err != nil {
		return file{}, err
	}
	f, out, err := createFile(zw, "people.csv", at)
	if err != nil {
		return file{}, err
	}
	w := csv.NewWriter(out)
	_ = w.Write([]string{"id", "name", "email"})
	for _, p := range people {
		_ = w.Write(defused([]string{p.ID.String(), p.Name, p.Email}, []bool{false, true, true}))
	}
	w.Flush()
	f.Rows = int64(len(people))
	return out.done(f), w.Error()
}

// writeJSON writes v as an indented JSON file.
func writeJSON(zw *zip.Writer, path string, at time.Time, v any) error {
	_, out, err := createFile(zw, path, at)
	if err != nil {
		return err
	}
	enc := json.NewEncoder(out)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// createFile starts a file in the zip, dated at the moment of the export.
func createFile(zw *zip.Writer, path string, at time.Time) (file, *counted, error) {
	w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: at})
	if err != nil {
		return file{}, nil, err
	}
	return file{Path: path}, &counted{w: w, sum: sha256.New()}, nil
}

// counted is a file's writer that keeps its size and SHA-256 for the manifest.
type counted struct {
	w   io.Writer
	n   int64
	sum hash.Hash
}

func (c *counted) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.sum.Write(p[:n])
	return n, err
}

// done completes f with the file's size and digest.
func (c *counted) done(f file) file {
	f.Bytes, f.SHA256 = c.n, hex.EncodeToString(c.sum.Sum(nil))
	return f
}
