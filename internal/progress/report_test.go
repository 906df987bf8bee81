package progress

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
)

// pdfText extracts a PDF's text with poppler's pdftotext (scripts/deps.sh installs it), a
// reader that knows nothing of how the PDF was made.
func pdfText(t *testing.T, pdf []byte) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	require.NoError(t, err, "pdftotext is missing: run scripts/deps.sh (Debian's poppler-utils)")
	in := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(in, pdf, 0o600))
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	require.NoError(t, err)
	return string(out)
}

func requireCJKFont(t *testing.T) {
	t.Helper()
	if len(reportFaces()) < 2 {
		t.Fatalf("no CJK font in %v: run scripts/deps.sh (Debian's fonts-droid-fallback)", cjkFontPaths)
	}
}

func date(s string) cadence.Date { d, _ := cadence.ParseDate(s); return d }

// Names in any script come out of the PDF as they went in: Latin with marks, Vietnamese,
// Chinese, Japanese and Korean, mixed on one line too.
func TestReportDrawsUnicodeNames(t *testing.T) {
	requireCJKFont(t)
	p := &Client{Measures: []Series{{Instrument: &checkins.PHQ9, Points: []Point{
		{Date: date("2026-11-06"), Total: 18, Band: "moderately severe"},
		{Date: date("2026-11-13"), Total: 11, Band: "moderate"},
	}}}, Adherence: []Week{{Start: date("2026-11-02"), Done: 4, Due: 6}}}
	names := []string{"Zoë Łukasiewicz", "李小龙", "Nguyễn Thị Ngọc", "Zoë 李小龙 Ngọc 김민수 さくら"}
	for _, name := range names {
		pdf, err := renderReport(reportFaces(), name, "Praxis Müller & Đặng", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), p)
		require.NoError(t, err)
		text := pdfText(t, pdf)
		require.Contains(t, text, "Progress report: "+name)
		require.Contains(t, text, "Praxis Müller & Đặng, 20 November 2026. Confidential.")
		require.Contains(t, text, "From 18 to 11: improved")
		require.Contains(t, text, "moderately severe")
		require.Contains(t, text, "Week of 2026-11-02: 4 of 6 done (66%)")
	}
}

// A character no font has still leaves a readable report: the rest of the line is intact, and
// a character fpdf cannot encode (outside the Basic Multilingual Plane) becomes U+FFFD.
func TestReportSurvivesCharactersWithoutAFont(t *testing.T) {
	pdf, err := renderReport(reportFaces(), "Ana 🙂 Silva ꦲ", "Practice", time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC), &Client{})
	require.NoError(t, err)
	text := pdfText(t, pdf)
	require.Contains(t, text, "Progress report: Ana \uFFFD Silva")
	require.Contains(t, text, "No measures answered yet.")
}

// Without a CJK font the report is still made: CJK characters are boxes, the rest is intact.
func TestReportWithoutCJKFont(t *testing.T) {
	pdf, err := renderReport(reportFaces()[:1], "Zoë 李小龙 Ngọc", "Practice", time.Now(), &Client{})
	require.NoError(t, err)
	require.Contains(t, pdfText(t, pdf), "Zoë")
	require.Contains(t, pdfText(t, pdf), "Ngọc")
	w := newTextWriter(nil, reportFaces()[:1])
	w.runs("Zoë 李小龙")
	require.Equal(t, 3, w.missing)
}

// A report with Latin text only embeds no CJK font, so it stays small.
func TestReportEmbedsOnlyTheFontsItUses(t *testing.T) {
	requireCJKFont(t)
	latin, err := renderReport(reportFaces(), "Zoë Łukasiewicz", "Practice", time.Now(), &Client{})
	require.NoError(t, err)
	cjk, err := renderReport(reportFaces(), "李小龙", "Practice", time.Now(), &Client{})
	require.NoError(t, err)
	require.NotContains(t, string(latin), "cjk0")
	require.Contains(t, string(cjk), "cjk0")
	require.Less(t, len(latin), 60_000, "only the glyphs used are embedded")
	require.Less(t, len(cjk), 80_000)
	require.True(t, strings.HasPrefix(string(cjk), "%PDF-"))
}
