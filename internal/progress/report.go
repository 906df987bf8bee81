package progress

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/google/uuid"

	"github.com/steadyhq/steady/internal/audit"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
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
		if err := tx.Gorm.WithContext(ctx).Raw(`SELECT name FROM practices WHERE id = ?`, caller.PracticeID).
			Row().Scan(&practiceName); err != nil {
			return err
		}
		return audit.Record(ctx, tx, caller.PracticeID, audit.ActorOf(caller.UserID, caller.IP, caller.UserAgent),
			audit.Event{Action: "client.report", SubjectType: "client", SubjectID: clientID.String(), ClientID: clientID})
	})
	if err != nil {
		return nil, err
	}
	return renderReport(name, practiceName, s.now(), p)
}

func renderReport(name, practiceName string, now time.Time, p *Client) ([]byte, error) {
	pdf := fpdf.New("P", "mm", "A4", "")
	pdf.SetCompression(false) // small files; plain text keeps them searchable and checkable
	tr := pdf.UnicodeTranslatorFromDescriptor("")
	pdf.SetTitle(tr("Progress report"), false)
	pdf.AddPage()
	pdf.SetFont("Helvetica", "B", 16)
	pdf.Cell(0, 8, tr("Progress report: "+name))
	pdf.Ln(8)
	pdf.SetFont("Helvetica", "", 10)
	pdf.Cell(0, 6, tr(fmt.Sprintf("%s, %s. Confidential.", practiceName, now.UTC().Format("2 January 2006"))))
	pdf.Ln(10)
	for _, sr := range p.Measures {
		if pdf.GetY() > 200 {
			pdf.AddPage()
		}
		measureChart(pdf, tr, sr)
	}
	if len(p.Measures) == 0 {
		pdf.Cell(0, 6, tr("No measures answered yet."))
		pdf.Ln(8)
	}
	adherenceTable(pdf, tr, p.Adherence)
	var buf bytes.Buffer
	err := pdf.Output(&buf)
	return buf.Bytes(), err
}

// measureChart draws the bands as grey steps, the scores as a line, and lists them below.
func measureChart(pdf *fpdf.Fpdf, tr func(string) string, sr Series) {
	in := sr.Instrument
	pdf.SetFont("Helvetica", "B", 12)
	pdf.Cell(0, 7, tr(in.Title))
	pdf.Ln(8)
	x0, y0, w, h := 20.0, pdf.GetY(), 170.0, 50.0
	top := float64(in.Max())
	yOf := func(v int) float64 { return y0 + h - h*float64(v)/top }
	for i, b := range in.Bands {
		shade := 245 - 12*i
		pdf.SetFillColor(shade, shade, shade)
		pdf.Rect(x0, yOf(b.Max+1), w, yOf(b.Min)-yOf(b.Max+1), "F")
		pdf.SetFont("Helvetica", "", 7)
		pdf.Text(x0+w+1, yOf(b.Min)-1, tr(b.Label))
	}
	pdf.SetDrawColor(60, 60, 60)
	pdf.Rect(x0, y0, w, h, "D")
	n := len(sr.Points)
	xOf := func(i int) float64 {
		if n == 1 {
			return x0 + w/2
		}
		return x0 + w*float64(i)/float64(n-1)
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
	pdf.SetFont("Helvetica", "", 9)
	if first, latest, c, ok := sr.Change(); ok {
		pdf.Cell(0, 5, tr(fmt.Sprintf("From %d to %d: %s (a reliable change is %.0f points or more).", first, latest, c,
			in.ReliableChange())))
		pdf.Ln(6)
	}
	for _, pt := range sr.Points {
		line := fmt.Sprintf("%s   %d", pt.Date, pt.Total)
		if pt.Band != "" {
			line += "   " + pt.Band
		}
		pdf.Cell(0, 4.5, tr(line))
		pdf.Ln(4.5)
	}
	pdf.Ln(4)
}

func adherenceTable(pdf *fpdf.Fpdf, tr func(string) string, weeks []Week) {
	if pdf.GetY() > 230 {
		pdf.AddPage()
	}
	pdf.SetFont("Helvetica", "B", 12)
	pdf.Cell(0, 7, tr("Adherence by week"))
	pdf.Ln(8)
	pdf.SetFont("Helvetica", "", 9)
	for _, w := range weeks {
		if w.Due == 0 {
			continue
		}
		pdf.Cell(0, 4.5, tr(fmt.Sprintf("Week of %s: %d of %d done (%d%%)", w.Start, w.Done, w.Due, 100*w.Done/w.Due)))
		pdf.Ln(4.5)
	}
}
