package web

import (
	"encoding/csv"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// CSV answers a download named filename: the header, then each row, every cell defused
// (SafeCells), kept out of caches since an export holds a practice's records.
func CSV(c echo.Context, filename string, header []string, rows [][]string) error {
	hd := c.Response().Header()
	hd.Set(echo.HeaderContentType, "text/csv; charset=utf-8")
	hd.Set(echo.HeaderContentDisposition, `attachment; filename="`+filename+`"`)
	hd.Set("Cache-Control", "no-store")
	c.Response().WriteHeader(http.StatusOK)
	w := csv.NewWriter(c.Response())
	_ = w.Write(header)
	for _, r := range rows {
		_ = w.Write(SafeCells(r...))
	}
	w.Flush()
	return w.Error()
}

// SafeCells defuses spreadsheet formulas: a cell a spreadsheet would evaluate (one starting
// with = + - @ or a control character) gets a leading apostrophe.
func SafeCells(cells ...string) []string {
	for i, s := range cells {
		if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
			cells[i] = "'" + s
		}
	}
	return cells
}
