package web

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"testing/fstest"

	"github.com/labstack/echo/v4"
	"github.com/stretchr/testify/require"
)

const (
	appJS     = "console.log('the staff app, long enough to be worth compressing');"
	homeHTML  = "<!doctype html><title>Your homework</title><script src=/assets/homework-1.js></script>"
	indexHTML = "<!doctype html><title>Steady</title><script src=/assets/app-1.js></script>"
	// Stand-ins for brotli streams: the server never decodes them, it sends them as they are.
	appJSBr     = "BR(app-1.js)"
	homeHTMLBr  = "BR(homework.html)"
	indexHTMLBr = "BR(index.html)"
)

func gzipped(t *testing.T, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	require.NoError(t, err)
	_, err = w.Write([]byte(s))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return b.Bytes()
}

func gunzipped(t *testing.T, b []byte) string {
	t.Helper()
	r, err := gzip.NewReader(bytes.NewReader(b))
	require.NoError(t, err)
	out, err := io.ReadAll(r)
	require.NoError(t, err)
	return string(out)
}

// builtDist is a production build as frontend/scripts/compress.mjs leaves it: .br and .gz
// beside each text file (none beside the service worker here, as when a variant is not smaller).
func builtDist(t *testing.T) fstest.MapFS {
	return fstest.MapFS{
		"index.html":         {Data: []byte(indexHTML)},
		"index.html.br":      {Data: []byte(indexHTMLBr)},
		"index.html.gz":      {Data: gzipped(t, indexHTML)},
		"homework.html":      {Data: []byte(homeHTML)},
		"homework.html.br":   {Data: []byte(homeHTMLBr)},
		"homework.html.gz":   {Data: gzipped(t, homeHTML)},
		"assets/app-1.js":    {Data: []byte(appJS)},
		"assets/app-1.js.br": {Data: []byte(appJSBr)},
		"assets/app-1.js.gz": {Data: gzipped(t, appJS)},
		"assets/app-1.css":   {Data: []byte("body{margin:0}")},
		"favicon.svg":        {Data: []byte("<svg xmlns='http://www.w3.org/2000/svg'/>")},
		"favicon.svg.gz":     {Data: gzipped(t, "<svg xmlns='http://www.w3.org/2000/svg'/>")},
		"homework-sw.js":     {Data: []byte("self.addEventListener('fetch', () => {});")},
	}
}

func frontendServer(dist fstest.MapFS) func(method, path, acceptEncoding string, extra ...string) *httptest.ResponseRecorder {
	s := NewServer(Options{})
	s.ServeFrontend(dist)
	return func(method, path, acceptEncoding string, extra ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest(method, path, nil)
		if acceptEncoding != "-" {
			req.Header.Set("Accept-Encoding", acceptEncoding)
		}
		for i := 0; i+1 < len(extra); i += 2 {
			req.Header.Set(extra[i], extra[i+1])
		}
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, req)
		return rec
	}
}

const chrome = "gzip, deflate, br, zstd"

func TestStaticFilesAreSentInTheBestAcceptedEncoding(t *testing.T) {
	t.Parallel()
	get := frontendServer(builtDist(t))
	cases := []struct {
		name, accept, want string // want: "br", "gzip" or "" for the plain file
	}{
		{"a browser", chrome, "br"},
		{"only gzip", "gzip", "gzip"},
		{"x-gzip is gzip", "x-gzip", "gzip"},
		{"codings are case-insensitive", "GZip, BR", "br"},
		{"br refused with q=0", "br;q=0, gzip", "gzip"},
		{"gzip refused, br not named", "gzip;q=0", ""},
		{"a higher q wins over the order", "br;q=0.5, gzip;q=0.8", "gzip"},
		{"a tie goes to br", "gzip;q=0.7, br;q=0.7", "br"},
		{"star stands for br", "*", "br"},
		{"star refused, gzip named", "gzip, *;q=0", "gzip"},
		{"identity preferred by q", "identity, br;q=0.5", ""},
		{"everything refused still gets the file", "identity;q=0, *;q=0", ""},
		{"a q-value that does not parse refuses its coding", "br;q=high, gzip", "gzip"},
		{"spaces and other parameters", " br ; level=1 ; q=1.0 ,gzip", "br"},
		{"no header", "-", ""},
		{"an empty header", "", ""},
		{"only identity", "identity", ""},
		{"only codings we do not have", "deflate, zstd", ""},
	}
	for _, tc := range cases {
		rec := get(http.MethodGet, "/assets/app-1.js", tc.accept)
		require.Equal(t, http.StatusOK, rec.Code, tc.name)
		require.Equal(t, tc.want, rec.Header().Get("Content-Encoding"), tc.name)
		require.Equal(t, "text/javascript; charset=utf-8", rec.Header().Get("Content-Type"), tc.name)
		require.Equal(t, "Accept-Encoding", rec.Header().Get("Vary"), tc.name)
		require.Equal(t, strconv.Itoa(rec.Body.Len()), rec.Header().Get("Content-Length"), tc.name)
		require.Equal(t, "public, max-age=31536000, immutable", rec.Header().Get("Cache-Control"), tc.name)
		switch tc.want {
		case "br":
			require.Equal(t, appJSBr, rec.Body.String(), tc.name)
		case "gzip":
			require.Equal(t, appJS, gunzipped(t, rec.Body.Bytes()), tc.name)
		default:
			require.Equal(t, appJS, rec.Body.String(), tc.name)
		}
	}
}

func TestStaticCacheLifetimes(t *testing.T) {
	t.Parallel()
	get := frontendServer(builtDist(t))
	cases := []struct{ path, cache string }{
		{"/assets/app-1.js", "public, max-age=31536000, immutable"},
		{"/assets/app-1.css", "public, max-age=31536000, immutable"},
		{"/favicon.svg", "no-cache"},
		{"/homework-sw.js", "no-cache"},
		{"/", "no-cache"},
		{"/index.html", "no-cache"},
		{"/clients/42", "no-cache"},
		{"/h/some-token", "no-store"},
		{"/h", "no-store"},
	}
	for _, tc := range cases {
		for _, accept := range []string{chrome, "gzip", "-"} {
			for _, method := range []string{http.MethodGet, http.MethodHead} {
				rec := get(method, tc.path, accept)
				require.Equal(t, http.StatusOK, rec.Code, "%s %s %q", method, tc.path, accept)
				require.Equal(t, tc.cache, rec.Header().Get("Cache-Control"), "%s %s %q", method, tc.path, accept)
			}
		}
	}
}

func TestPagesAreSentCompressed(t *testing.T) {
	t.Parallel()
	get := frontendServer(builtDist(t))
	for _, tc := range []struct{ path, plain, br string }{
		{"/h/some-token", homeHTML, homeHTMLBr},
		{"/", indexHTML, indexHTMLBr},
		{"/clients/42", indexHTML, indexHTMLBr},
	} {
		br := get(http.MethodGet, tc.path, chrome)
		require.Equal(t, "br", br.Header().Get("Content-Encoding"), tc.path)
		require.Equal(t, tc.br, br.Body.String(), tc.path)
		require.Equal(t, "text/html; charset=UTF-8", br.Header().Get("Content-Type"), tc.path)
		require.Equal(t, "Accept-Encoding", br.Header().Get("Vary"), tc.path)
		require.Equal(t, strconv.Itoa(len(tc.br)), br.Header().Get("Content-Length"), tc.path)

		gz := get(http.MethodGet, tc.path, "gzip")
		require.Equal(t, "gzip", gz.Header().Get("Content-Encoding"), tc.path)
		require.Equal(t, tc.plain, gunzipped(t, gz.Body.Bytes()), tc.path)

		plain := get(http.MethodGet, tc.path, "-")
		require.Empty(t, plain.Header().Get("Content-Encoding"), tc.path)
		require.Equal(t, tc.plain, plain.Body.String(), tc.path)
		require.Equal(t, "Accept-Encoding", plain.Header().Get("Vary"), "caches must key on the header for the plain answer too")
	}
}

func TestHeadAnswersLikeGetWithoutTheBody(t *testing.T) {
	t.Parallel()
	get := frontendServer(builtDist(t))
	for _, path := range []string{"/assets/app-1.js", "/h/some-token", "/", "/favicon.svg"} {
		for _, accept := range []string{chrome, "gzip", "-"} {
			g := get(http.MethodGet, path, accept)
			h := get(http.MethodHead, path, accept)
			require.Equal(t, http.StatusOK, h.Code, "%s %q", path, accept)
			require.Empty(t, h.Body.String(), "%s %q", path, accept)
			for _, name := range []string{"Content-Type", "Content-Encoding", "Content-Length", "Vary", "Cache-Control"} {
				require.Equal(t, g.Header().Get(name), h.Header().Get(name), "%s %q %s", path, accept, name)
			}
			require.Equal(t, strconv.Itoa(g.Body.Len()), h.Header().Get("Content-Length"), "%s %q", path, accept)
		}
	}
}

func TestHeadIsOnlyForTheAppsOwnPaths(t *testing.T) {
	t.Parallel()
	s := NewServer(Options{})
	s.Echo.GET("/readyz", func(c echo.Context) error { return c.String(http.StatusServiceUnavailable, "not ready") })
	s.API.GET("/things/:id", func(c echo.Context) error { return c.String(http.StatusOK, "a thing") })
	s.ServeFrontend(builtDist(t))
	head := func(path string) int {
		rec := httptest.NewRecorder()
		s.Echo.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, path, nil))
		return rec.Code
	}
	require.Equal(t, http.StatusMethodNotAllowed, head("/readyz"), "a probe by HEAD must never get the app's 200")
	require.NotEqual(t, http.StatusOK, head("/api/things/7"), "the /api group answers its own paths")
	require.NotEqual(t, http.StatusOK, head("/api/nothing"))
	require.Equal(t, http.StatusOK, head("/assets/app-1.js"))
	require.Equal(t, http.StatusOK, head("/clients/42"))
}

func TestVariantsAreNeverFilesOfTheirOwn(t *testing.T) {
	t.Parallel()
	dist := builtDist(t)
	dist["downloads/notes.gz"] = &fstest.MapFile{Data: gzipped(t, "notes")} // a .gz with no plain twin
	get := frontendServer(dist)
	for _, path := range []string{"/assets/app-1.js.br", "/assets/app-1.js.gz", "/index.html.gz", "/homework.html.br", "/favicon.svg.gz"} {
		for _, accept := range []string{chrome, "-"} {
			rec := get(http.MethodGet, path, accept)
			require.Equal(t, http.StatusNotFound, rec.Code, path)
			require.Empty(t, rec.Header().Get("Content-Encoding"), path)
		}
	}
	rec := get(http.MethodGet, "/downloads/notes.gz", chrome)
	require.Equal(t, http.StatusOK, rec.Code, "a file that is no variant is served as itself")
	require.Empty(t, rec.Header().Get("Content-Encoding"))
	require.Equal(t, "notes", gunzipped(t, rec.Body.Bytes()))
}

func TestFilesWithoutVariantsAreSentPlain(t *testing.T) {
	t.Parallel()
	// A development build: no .br or .gz anywhere.
	get := frontendServer(fstest.MapFS{
		"index.html":      {Data: []byte(indexHTML)},
		"homework.html":   {Data: []byte(homeHTML)},
		"assets/app-1.js": {Data: []byte(appJS)},
	})
	for _, path := range []string{"/assets/app-1.js", "/h/some-token", "/"} {
		rec := get(http.MethodGet, path, chrome)
		require.Equal(t, http.StatusOK, rec.Code, path)
		require.Empty(t, rec.Header().Get("Content-Encoding"), path)
		require.Empty(t, rec.Header().Get("Vary"), path)
		require.NotEmpty(t, rec.Body.String(), path)
	}
	// In a production build, a file whose variant was not smaller has none.
	sw := frontendServer(builtDist(t))(http.MethodGet, "/homework-sw.js", chrome)
	require.Empty(t, sw.Header().Get("Content-Encoding"))
	require.Equal(t, "text/javascript; charset=utf-8", sw.Header().Get("Content-Type"))
}

func TestRangesOfEncodedFilesAreAnsweredWhole(t *testing.T) {
	t.Parallel()
	get := frontendServer(builtDist(t))
	whole := get(http.MethodGet, "/assets/app-1.js", chrome, "Range", "bytes=0-3")
	require.Equal(t, http.StatusOK, whole.Code)
	require.Equal(t, appJSBr, whole.Body.String())
	plain := get(http.MethodGet, "/assets/app-1.js", "-", "Range", "bytes=0-6")
	require.Equal(t, http.StatusPartialContent, plain.Code)
	require.Equal(t, appJS[:7], plain.Body.String())
}
