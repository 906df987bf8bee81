package practicedata

import (
	"archive/zip"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/web"
)

const (
	// fetchRows is how many rows one FETCH brings (cursor.fetch says it too): a table is read
	// through a cursor a batch at a time, so a large one never sits in memory whole.
	fetchRows = 500
	// progressRows is how often, in rows, a large table's progress is recorded.
	progressRows = 10000
)

// out is one column of a table's CSV: its header name, the expression that reads it as text,
// whether it is text a spreadsheet might take for a formula, and the sealed column its value
// is opened from, if it is sealed clinical text.
type out struct {
	Name   string
	Expr   string
	Text   bool
	Sealed *sealedColumn
}

// plan lists t's CSV columns: every column in the table's order, less those withheld, with a
// sealed column's opened text in place of its plain one and the sealed one left out.
func plan(t table) []out {
	var cols []out
	for _, c := range t.Columns {
		if withheldColumns[t.Name][c.Name] != "" {
			continue
		}
		if _, ok := sealedIn(t.Name, c.Name); ok {
			continue
		}
		o := out{Name: c.Name, Expr: asText(c), Text: isText(c.Type)}
		for _, sc := range sealedText[t.Name] {
			if sc.Plain == c.Name {
				o.Sealed = &sc
			}
		}
		cols = append(cols, o)
	}
	return cols
}

// asText is the expression that reads column c as its cell's text.
func asText(c column) string {
	q := ident(c.Name)
	switch {
	case c.Type == "timestamp with time zone":
		return `to_char(` + q + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`
	case c.Type == "bytea":
		return `encode(` + q + `, 'base64')`
	case strings.HasSuffix(c.Type, "[]"):
		return `to_jsonb(` + q + `)::text`
	}
	return q + `::text`
}

// isText is a column type whose values are people's words.
func isText(typ string) bool {
	return typ == "text" || strings.HasPrefix(typ, "character varying") || typ == "citext"
}

// selectSQL reads t's CSV columns, then the raw value of each sealed one, in key order.
func selectSQL(tx *db.Tx, t table, cols []out) string {
	var exprs []string
	for _, c := range cols {
		exprs = append(exprs, c.Expr)
	}
	for _, c := range cols {
		if c.Sealed != nil {
			exprs = append(exprs, ident(c.Sealed.Sealed))
		}
	}
	return "SELECT " + strings.Join(exprs, ", ") + " FROM " + ident(t.Name) + " WHERE " + t.ownRows(tx) + t.orderBy()
}

// cursor is the cursor a table is read through, in the export's own transaction. It is named
// for the table: the driver prepares each FETCH once per connection with its result's
// columns, so one name for every table would read the next table as the first.
type cursor string

func cursorFor(t table) cursor { return cursor(ident("export " + t.Name)) }

func (c cursor) declare(query string) string {
	return "DECLARE " + string(c) + " NO SCROLL CURSOR FOR " + query
}
func (c cursor) fetch() string { return "FETCH FORWARD 500 FROM " + string(c) }
func (c cursor) close() string { return "CLOSE " + string(c) }

// writeTable writes tables/<t>.csv, reading t a batch at a time through a cursor; rows hears
// the count every progressRows rows.
func (s *Service) writeTable(ctx context.Context, tx *db.Tx, zw *zip.Writer, t table, at time.Time, rows func(int64) error) (file, error) {
	f, w, err := createFile(zw, "tables/"+t.Name+".csv", at)
	if err != nil {
		return f, err
	}
	f.Table = t.Name
	cols := plan(t)
	cw := csv.NewWriter(w)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	if err := cw.Write(header); err != nil {
		return f, err
	}
	cur := cursorFor(t)
	if err := tx.Gorm.Exec(cur.declare(selectSQL(tx, t, cols))).Error; err != nil {
		return f, fmt.Errorf("practicedata: read %s: %w", t.Name, err)
	}
	for {
		batch, err := fetch(tx, cur, cols)
		if err != nil {
			return f, fmt.Errorf("practicedata: read %s: %w", t.Name, err)
		}
		for _, r := range batch {
			rec, err := csvRecord(tx, t, cols, r)
			if err != nil {
				return f, err
			}
			if err := cw.Write(rec); err != nil {
				return f, err
			}
			if f.Rows++; f.Rows%progressRows == 0 {
				if err := rows(f.Rows); err != nil {
					return f, err
				}
			}
		}
		if len(batch) < fetchRows {
			break
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return f, err
	}
	return w.done(f), tx.Gorm.Exec(cur.close()).Error
}

// row is one fetched row: each CSV column's text, and each sealed column's raw value.
type row struct {
	text   []sql.NullString
	sealed [][]byte
}

// fetch reads the cursor's next batch whole, then lets go of the result, so that the pieces
// of the archive can be stored on the same connection between batches.
func fetch(tx *db.Tx, cur cursor, cols []out) ([]row, error) {
	rs, err := tx.Gorm.Raw(cur.fetch()).Rows()
	if err != nil {
		return nil, err
	}
	defer rs.Close()
	var batch []row
	for rs.Next() {
		r := row{text: make([]sql.NullString, len(cols)), sealed: make([][]byte, len(cols))}
		dest := make([]any, 0, len(cols)*2)
		for i := range cols {
			dest = append(dest, &r.text[i])
		}
		for i, c := range cols {
			if c.Sealed != nil {
				dest = append(dest, &r.sealed[i])
			}
		}
		if err := rs.Scan(dest...); err != nil {
			return nil, err
		}
		batch = append(batch, r)
	}
	return batch, rs.Err()
}

// csvRecord is r's CSV record: sealed text opened, text cells defused against formulas.
func csvRecord(tx *db.Tx, t table, cols []out, r row) ([]string, error) {
	rec := make([]string, len(cols))
	text := make([]bool, len(cols))
	var id uuid.UUID
	for i, c := range cols {
		rec[i], text[i] = r.text[i].String, c.Text
		if c.Name == "id" {
			id, _ = uuid.Parse(rec[i])
		}
	}
	for i, c := range cols {
		if c.Sealed == nil || r.sealed[i] == nil {
			continue
		}
		opened, err := c.Sealed.Open(tx, id, r.sealed[i])
		if err != nil {
			return nil, fmt.Errorf("practicedata: open %s.%s of %s: %w", t.Name, c.Sealed.Sealed, id, err)
		}
		rec[i] = opened
	}
	return defused(rec, text), nil
}

// defused guards the text cells of rec against spreadsheets (web.SafeCells); other cells
// (numbers, which may start with -, and JSON) stay exactly as stored.
func defused(rec []string, text []bool) []string {
	for i := range rec {
		if text[i] {
			rec[i] = web.SafeCells(rec[i])[0]
		}
	}
	return rec
}
