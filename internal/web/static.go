package web

import (
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"
)

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Steady</title></head>
<body><main><h1>Steady</h1><p>The API is running, but the web app has not been built into this
binary. Run <code>make build</code> (or <code>make run</code>) to build it.</p></main></body></html>`

// Cache lifetimes. Vite names the files under assets/ by content hash, so a changed file is a
// new name and the old one may be kept for a year. Every other file keeps its name across
// releases (favicon.svg, the homework service worker) and is revalidated on each use, so an
// update reaches phones on their next visit.
const (
	cacheHashed = "public, max-age=31536000, immutable"
	cacheOther  = "no-cache"
)

// ServeFrontend serves the built single-page app from dist: a file when one exists at the
// path, index.html for any other path that is not an API or operations route, so that a
// bookmarked page of the app loads. Without a build it serves a short notice.
//
// The build writes name.br and name.gz beside each text file (frontend/scripts/compress.mjs);
// each answer is the smallest the request's Accept-Encoding allows, so a phone on a slow
// network downloads compressed bytes without the server compressing anything per request.
// A build without them (a development build) is served plain.
func (s *Server) ServeFrontend(dist fs.FS) {
	index, err := loadPage(dist, "index.html")
	// The client homework pages are a bundle of their own (small, for phones on slow
	// networks); every /h/ path is one of them. Fall back to the staff app if it is missing.
	homework, herr := loadPage(dist, "homework.html")
	if herr != nil {
		homework = index
	}
	variants := findVariants(dist)
	files := http.FileServer(http.FS(dist))
	handler := func(c echo.Context) error {
		p := strings.TrimPrefix(path.Clean(c.Request().URL.Path), "/")
		if strings.HasPrefix(p, "api/") || p == "api" {
			return echo.ErrNotFound
		}
		homeworkPath := p == "h" || strings.HasPrefix(p, "h/")
		if homeworkPath {
			// The token is in the path: keep the page out of caches, built or not.
			c.Response().Header().Set("Cache-Control", "no-store")
		}
		if err != nil {
			return c.HTML(http.StatusOK, notBuilt)
		}
		if p != "" && p != "index.html" {
			if st, serr := fs.Stat(dist, p); serr == nil && !st.IsDir() {
				if variants.isVariant(p) {
					// A .br or .gz file is another form of a file, never content of its own.
					return echo.ErrNotFound
				}
				cache := cacheOther
				if strings.HasPrefix(p, "assets/") {
					cache = cacheHashed
				}
				c.Response().Header().Set("Cache-Control", cache)
				return serveFile(c, dist, p, variants[p], files)
			}
		}
		if homeworkPath {
			return homework.serve(c)
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return index.serve(c)
	}
	s.Echo.GET("/*", handler)
	// HEAD reaches this route for every path, those of routes that answer only GET included
	// (/readyz, /api/…). They keep their 405: the app's page must not answer a readiness probe.
	s.Echo.HEAD("/*", func(c echo.Context) error {
		probe := s.Echo.NewContext(c.Request(), nil)
		s.Echo.Router().Find(http.MethodGet, echo.GetPath(c.Request()), probe)
		if probe.Path() != "/*" {
			return echo.ErrMethodNotAllowed
		}
		return handler(c)
	})
}

// An encoding the build may have written a variant in, in order of preference: brotli is
// smaller than gzip, and every browser that sends br sends gzip too.
type encoding struct{ coding, suffix string }

var encodings = []encoding{{"br", ".br"}, {"gzip", ".gz"}}

// variantSet maps a file of the build to the encodings written beside it.
type variantSet map[string][]encoding

// findVariants lists the precompressed variants in dist: name.br and name.gz beside name.
func findVariants(dist fs.FS) variantSet {
	found := variantSet{}
	_ = fs.WalkDir(dist, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return nil
		}
		for _, enc := range encodings {
			base, ok := strings.CutSuffix(name, enc.suffix)
			if !ok {
				continue
			}
			if st, serr := fs.Stat(dist, base); serr == nil && !st.IsDir() {
				found[base] = append(found[base], enc)
			}
		}
		return nil
	})
	// Keep each file's list in preference order whatever order the walk found them in.
	for base, encs := range found {
		ordered := make([]encoding, 0, len(encs))
		for _, enc := range encodings {
			if hasEncoding(encs, enc.coding) {
				ordered = append(ordered, enc)
			}
		}
		found[base] = ordered
	}
	return found
}

// isVariant is true for name.br or name.gz written beside name.
func (v variantSet) isVariant(name string) bool {
	for _, enc := range encodings {
		if base, ok := strings.CutSuffix(name, enc.suffix); ok && hasEncoding(v[base], enc.coding) {
			return true
		}
	}
	return false
}

func hasEncoding(encs []encoding, coding string) bool {
	for _, enc := range encs {
		if enc.coding == coding {
			return true
		}
	}
	return false
}

// serveFile answers a file of dist in the best encoding the request accepts. The plain file
// goes through http.FileServer, which also answers Range requests. An encoded variant is
// always answered whole: ranges would apply to the compressed bytes, and with no validator
// (embedded files have no modification time and we send no ETag) a client resuming a download
// could not tell them from another encoding's; a whole answer is always right, and these
// files are a few hundred kB at most.
func serveFile(c echo.Context, dist fs.FS, name string, encs []encoding, files http.Handler) error {
	h := c.Response().Header()
	if ctype := contentType(name); ctype != "" {
		h.Set(echo.HeaderContentType, ctype) // FileServer keeps a type that is already set
	}
	if len(encs) > 0 {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	}
	enc, ok := negotiate(c.Request().Header, encs)
	if !ok {
		files.ServeHTTP(c.Response(), c.Request())
		return nil
	}
	f, err := dist.Open(name + enc.suffix)
	if err != nil {
		return err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if h.Get(echo.HeaderContentType) == "" {
		h.Set(echo.HeaderContentType, echo.MIMEOctetStream)
	}
	h.Set(echo.HeaderContentEncoding, enc.coding)
	h.Set(echo.HeaderContentLength, strconv.FormatInt(st.Size(), 10))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err = io.Copy(c.Response(), f)
	return err
}

// Types Go's mime package may not know, for files a web app ships.
var extraTypes = map[string]string{".webmanifest": "application/manifest+json"}

// contentType is the type of the original file by its extension, whichever encoding is sent.
func contentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	if t, ok := extraTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// page is an HTML page of the build, read once at start-up with its precompressed variants.
type page struct {
	plain    []byte
	encs     []encoding
	variants map[string][]byte // by coding
}

func loadPage(dist fs.FS, name string) (page, error) {
	plain, err := fs.ReadFile(dist, name)
	if err != nil {
		return page{}, err
	}
	p := page{plain: plain, variants: map[string][]byte{}}
	for _, enc := range encodings {
		if data, verr := fs.ReadFile(dist, name+enc.suffix); verr == nil {
			p.encs = append(p.encs, enc)
			p.variants[enc.coding] = data
		}
	}
	return p, nil
}

func (p page) serve(c echo.Context) error {
	h := c.Response().Header()
	body := p.plain
	if len(p.encs) > 0 {
		h.Add(echo.HeaderVary, echo.HeaderAcceptEncoding)
	}
	if enc, ok := negotiate(c.Request().Header, p.encs); ok {
		body = p.variants[enc.coding]
		h.Set(echo.HeaderContentEncoding, enc.coding)
	}
	h.Set(echo.HeaderContentType, echo.MIMETextHTMLCharsetUTF8)
	h.Set(echo.HeaderContentLength, strconv.Itoa(len(body)))
	c.Response().WriteHeader(http.StatusOK)
	if c.Request().Method == http.MethodHead {
		return nil
	}
	_, err := c.Response().Write(body)
	return err
}

// negotiate picks the encoding to send from those available (in preference order), by the
// request's Accept-Encoding (RFC 9110, section 12.5.3): the highest q-value wins and ties go
// to the earlier encoding; q=0 refuses a coding and "*" stands for any coding not named.
// identity (the plain file) competes with its own q-value when the header names it (or "*");
// otherwise it is only the fallback. ok is false for the plain file: when the header is
// absent, when nothing available is accepted, and when identity is preferred. A request that
// refuses everything, identity included, gets the plain file rather than a 406.
func negotiate(header http.Header, available []encoding) (enc encoding, ok bool) {
	values := header.Values(echo.HeaderAcceptEncoding)
	if len(values) == 0 || len(available) == 0 {
		return encoding{}, false
	}
	accepted := parseAcceptEncoding(strings.Join(values, ","))
	qOf := func(coding string) float64 {
		if q, named := accepted[coding]; named {
			return q
		}
		return accepted["*"] // 0 when there is no "*"
	}
	best := qOf("identity") // at a tie an encoding wins: that is the point of precompressing
	for _, candidate := range available {
		if q := qOf(candidate.coding); q > 0 && (q > best || (q == best && !ok)) {
			enc, ok, best = candidate, true, q
		}
	}
	return enc, ok
}

// parseAcceptEncoding reads "gzip, br;q=0.8, *;q=0" into coding → q. Codings are
// case-insensitive; x-gzip is gzip; a q-value that does not parse refuses its coding.
func parseAcceptEncoding(value string) map[string]float64 {
	accepted := map[string]float64{}
	for _, item := range strings.Split(value, ",") {
		coding, params, _ := strings.Cut(item, ";")
		coding = strings.ToLower(strings.TrimSpace(coding))
		if coding == "" {
			continue
		}
		if coding == "x-gzip" {
			coding = "gzip"
		}
		q := 1.0
		for _, param := range strings.Split(params, ";") {
			key, val, found := strings.Cut(strings.TrimSpace(param), "=")
			if !found || !strings.EqualFold(strings.TrimSpace(key), "q") {
				continue
			}
			parsed, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil || parsed < 0 || parsed > 1 {
				parsed = 0
			}
			q = parsed
		}
		if prev, seen := accepted[coding]; !seen || q > prev {
			accepted[coding] = q
		}
	}
	return accepted
}
