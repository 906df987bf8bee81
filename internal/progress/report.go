package progress

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

// Report renders a printable progress report as PDF: each measure as a chart over its bands
// with a table of scores and the reliable change, then weekly adherence. It leaves a
// client.report audit row.
func (s *Service) Report(ctx context.Context, caller auth.Caller, clientID uuid.UUID) ([]byte, error) {
	p, err := s.ForClient(ctx, caller, clientID)
	if err != nil {
		return nil, err
	}
	var name, practiceName string
	err = s.db.InTenant(ctx, caller.Scope(), func(tx *db.Tx) error {
		c, err := clients.Visible(ctx, tx, caller, clientID)
		if err != nil {
			return err
		}
		name = c.Name
		settings, err := practice.GetSettings(ctx, tx, caller.PracticeID)
		if err != nil {
			return err
		}
		practiceName = settings.Name
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "client.report", SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID})
	})
	if err != nil {
		return nil, err
	}
	return renderReport(reportFaces(), name, practiceName, s.now(), p)
}

// renderReport draws the report with faces, the first being the default (reportFaces).
func renderReport(faces []*face, name, practiceName string, now time.Time, p *Client) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetTitle("Progress report", true)
	pdf.AddPage()
	w := newTextWriter(pdf, faces)
	w.setFont("B", 16)
	w.line(8, "Progress report: "+name)
	w.setFont("", 10)
	w.cell(6, fmt.Sprintf("%s, %s. Confidential.", practiceName, now.UTC().Format("2 January 2006")))
	pdf.Ln(10)
	for _, sr := range p.Measures {
		if pdf.GetY() > 200 {
			pdf.AddPage()
		}
		measureChart(w, sr)
	}
	if len(p.Measures) == 0 {
		w.cell(6, "No measures answered yet.")
		pdf.Ln(8)
	}
	adherenceTable(w, p.Adherence)
	if w.missing > 0 {
		// The count only: the text is a client's name or answers.
		slog.Warn("progress report: characters no font has were drawn as boxes", "count", w.missing)
	}
	var buf bytes.Buffer
	err := pdf.Output(&buf)
	return buf.Bytes(), err
}

// measureChart draws the bands as grey steps, the scores as a line, and lists them below.
func measureChart(w *textWriter, sr Series) {
	pdf, in := w.pdf, sr.Instrument
	w.setFont("B", 12)
	w.cell(7, in.Title)
	pdf.Ln(8)
	x0, y0, wd, h := 20.0, pdf.GetY(), 170.0, 50.0
	top := float64(in.Max())
	yOf := func(v int) float64 { return y0 + h - h*float64(v)/top }
	w.setFont("", 7)
	for i, b := range in.Bands {
		shade := 245 - 12*i
		pdf.SetFillColor(shade, shade, shade)
		pdf.Rect(x0, yOf(b.Max+1), wd, yOf(b.Min)-yOf(b.Max+1), "F")
		w.text(x0+wd+1, yOf(b.Min)-1, b.Label)
	}
	pdf.SetDrawColor(60, 60, 60)
	pdf.Rect(x0, y0, wd, h, "D")
	n := len(sr.Points)
	xOf := func(i int) float64 {
		if n == 1 {
			return x0 + wd/2
		}
		return x0 + wd*float64(i)/float64(n-1)
	}
	pdf.SetDrawColor(20, 60, 140)
	pdf.SetLineWidth(0.6)
	for i, pt := range sr.Points {
		if i > 0 {
			pdf.Line(xOf(i-1), yOf(sr.Points[i-1].Total), xOf(i), yOf(pt.Total))
		}
		pdf.Circle(xOf(i), yOf(pt.Total), 0.9, "D")
	}
	pdf.SetLineWidth(0.2)
	pdf.SetY(y0 + h + 3)
	w.setFont("", 9)
	if first, latest, c, ok := sr.Change(); ok {
		w.cell(5, fmt.Sprintf("From %d to %d: %s (a reliable change is %.0f points or more).", first, latest, c,
			in.ReliableChange()))
		pdf.Ln(6)
	}
	for _, pt := range sr.Points {
		line := fmt.Sprintf("%s   %d", pt.Date, pt.Total)
		if pt.Band != "" {
			line += "   " + pt.Band
		}
		w.line(4.5, line)
	}
	pdf.Ln(4)
}

func adherenceTable(w *textWriter, weeks []Week) {
	if w.pdf.GetY() > 230 {
		w.pdf.AddPage()
	}
	w.setFont("B", 12)
	w.cell(7, "Adherence by week")
	w.pdf.Ln(8)
	w.setFont("", 9)
	for _, wk := range weeks {
		if wk.Due == 0 {
			continue
		}
		w.line(4.5, fmt.Sprintf("Week of %s: %d of %d done (%d%%)", wk.Start, wk.Done, wk.Due, 100*wk.Done/wk.Due))
	}
}
