package progress

import (
	"fmt"
	"log/slog"
	"os"
	"sync"

	"github.com/go-fonts/dejavu/dejavusans"
	"github.com/go-fonts/dejavu/dejavusansbold"
	"github.com/go-pdf/fpdf"
	"golang.org/x/image/font/sfnt"
)

// face is a TrueType font the report can draw with. fpdf picks no fallback font per glyph,
// so the report asks each face's character map which characters it has.
type face struct {
	family        string
	regular, bold []byte // bold nil: headings use the regular weight
	cmap          *sfnt.Font
}

func (f *face) has(buf *sfnt.Buffer, r rune) bool {
	i, err := f.cmap.GlyphIndex(buf, r)
	return err == nil && i != 0
}

// cjkFontPaths are the CJK fonts the report falls back to, in order, where the machine has
// them: Debian's fonts-droid-fallback (scripts/deps.sh installs it). The first covers
// Chinese, Japanese and Korean; the second adds rarer ideographs (CJK Extension A) but has
// no Hangul. Both are plain TrueType, which fpdf needs (Noto CJK is CFF, WenQuanYi a
// collection). They are big (4 MB), too big to embed in the binary for a few names.
var cjkFontPaths = []string{
	"/usr/share/fonts-droid-fallback/truetype/DroidSansFallback.ttf",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
}

// reportFaces are the faces in order of preference. DejaVu Sans is built into the binary, so
// every report can be drawn: it covers Latin (Vietnamese too), Greek and Cyrillic. The CJK
// fallbacks are read from disk once; without them, CJK characters show as boxes.
var reportFaces = sync.OnceValue(func() []*face {
	faces := []*face{mustFace("dejavu", dejavusans.TTF, dejavusansbold.TTF)}
	for i, path := range cjkFontPaths {
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		f, err := newFace(fmt.Sprintf("cjk%d", i), b, nil)
		if err != nil {
			slog.Warn("progress reports: unreadable CJK font skipped", "path", path, "error", err)
			continue
		}
		faces = append(faces, f)
	}
	if len(faces) == 1 {
		slog.Warn("progress reports: no CJK font found; Chinese, Japanese and Korean text will show as boxes",
			"tried", cjkFontPaths, "fix", "install Debian's fonts-droid-fallback")
	}
	return faces
})

func newFace(family string, regular, bold []byte) (*face, error) {
	cmap, err := sfnt.Parse(regular)
	if err != nil {
		return nil, err
	}
	return &face{family: family, regular: regular, bold: bold, cmap: cmap}, nil
}

func mustFace(family string, regular, bold []byte) *face {
	f, err := newFace(family, regular, bold)
	if err != nil {
		panic("progress: embedded font: " + err.Error())
	}
	return f
}

// run is a stretch of text drawn with one face.
type run struct {
	face *face
	text string
}

// textWriter draws text on a PDF, switching faces by what each character needs. It adds a
// face to the document only when a character first needs it, and fpdf embeds only the glyphs
// used, so a report with no CJK name carries no CJK font.
type textWriter struct {
	pdf     *fpdf.Fpdf
	faces   []*face
	added   map[string]bool
	style   string
	size    float64
	buf     sfnt.Buffer
	missing int // characters no face has; they are drawn as boxes
}

func newTextWriter(pdf *fpdf.Fpdf, faces []*face) *textWriter {
	return &textWriter{pdf: pdf, faces: faces, added: map[string]bool{}}
}

// setFont sets the style ("" or "B") and size of what is drawn next.
func (w *textWriter) setFont(style string, size float64) { w.style, w.size = style, size }

// runs splits s by face: each character goes to the first face that has it. A character none
// has stays with the first face, which draws a box; one outside the Basic Multilingual Plane
// (an emoji, say) becomes U+FFFD, as fpdf's encoding cannot carry it.
func (w *textWriter) runs(s string) []run {
	var out []run
	for _, r := range s {
		f := w.faces[0]
		switch {
		case r > 0xFFFF:
			r = '\uFFFD'
			w.missing++
		case r < ' ' || f.has(&w.buf, r):
		default:
			f = w.fallback(r)
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].text += string(r)
		} else {
			out = append(out, run{face: f, text: string(r)})
		}
	}
	return out
}

// fallback is the first later face that has r, or the first face when none has.
func (w *textWriter) fallback(r rune) *face {
	for _, f := range w.faces[1:] {
		if f.has(&w.buf, r) {
			return f
		}
	}
	w.missing++
	return w.faces[0]
}

// use makes f the current font, adding it to the document on first use.
func (w *textWriter) use(f *face) {
	style, data := w.style, f.bold
	if style != "B" || data == nil {
		style, data = "", f.regular
	}
	if key := f.family + style; !w.added[key] {
		w.pdf.AddUTF8FontFromBytes(f.family, style, data)
		w.added[key] = true
	}
	w.pdf.SetFont(f.family, style, w.size)
}

// cell draws s from the current position, h high, and moves right past it.
func (w *textWriter) cell(h float64, s string) {
	for _, r := range w.runs(s) {
		w.use(r.face)
		w.pdf.Cell(w.pdf.GetStringWidth(r.text), h, r.text)
	}
}

// line draws s as a line h high and moves to the next.
func (w *textWriter) line(h float64, s string) {
	w.cell(h, s)
	w.pdf.Ln(h)
}

// text draws s with its baseline starting at (x, y), leaving the position alone.
func (w *textWriter) text(x, y float64, s string) {
	for _, r := range w.runs(s) {
		w.use(r.face)
		w.pdf.Text(x, y, r.text)
		x += w.pdf.GetStringWidth(r.text)
	}
}
