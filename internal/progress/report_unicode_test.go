package progress_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/cadence"
	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/practice"
)

// reportText extracts a PDF's text with poppler's pdftotext (scripts/deps.sh installs it).
func reportText(t *testing.T, pdf string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	require.NoError(t, err, "pdftotext is missing: run scripts/deps.sh (Debian's poppler-utils)")
	in := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(in, []byte(pdf), 0o600))
	out, err := exec.Command(bin, "-enc", "UTF-8", in, "-").Output()
	require.NoError(t, err)
	return string(out)
}

// The printable report shows a client's name as it is written, in any script: Latin with
// marks, Vietnamese, Chinese. Read back by a PDF reader, not by searching the file's bytes.
func TestProgressReportPDFUnicodeNames(t *testing.T) {
	t.Parallel()
	f := newProgressFixture(t)
	clinician := f.tm.Browsers[practice.RoleClinician]
	for _, name := range []string{"Zoë Łukasiewicz", "李小龙", "Nguyễn Thị Ngọc"} {
		client := f.client(t, name)
		phq := f.assign(t, client, "phq-9", cadence.Rule{Kind: cadence.Weekly, Start: day("2026-11-05"),
			Weekdays: []time.Weekday{time.Friday}, At: cadence.Clock{Hour: 9}})
		f.answer(t, client, phq, "2026-11-06", dateAt("2026-11-06", 10, 0), &checkins.PHQ9, 18)
		f.answer(t, client, phq, "2026-11-13", dateAt("2026-11-13", 10, 0), &checkins.PHQ9, 11)
		res := clinician.Do("GET", "/api/clients/"+client.String()+"/report", "", nil)
		require.Equal(t, 200, res.StatusCode)
		require.Equal(t, "application/pdf", res.Header.Get("Content-Type"))
		text := reportText(t, apptest.ReadBody(t, res))
		require.Contains(t, text, "Progress report: "+name)
		require.Contains(t, text, "From 18 to 11: improved")
		require.Contains(t, text, "moderately severe")
	}
}
