package web

import (
	"io/fs"
	"net/http"
	"path"
	"strings"

	"github.com/labstack/echo/v4"
)

const notBuilt = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Steady</title></head>
<body><main><h1>Steady</h1><p>The API is running, but the web app has not been built into this
binary. Run <code>make build</code> (or <code>make run</code>) to build it.</p></main></body></html>`

// ServeFrontend serves the built single-page app from dist: a file when one exists at the
// path, index.html for any other path that is not an API or operations route, so that a
// bookmarked page of the app loads. Without a build it serves a short notice.
func (s *Server) ServeFrontend(dist fs.FS) {
	index, err := fs.ReadFile(dist, "index.html")
	// The client homework pages are a bundle of their own (small, for phones on slow
	// networks); every /h/ path is one of them. Fall back to the staff app if it is missing.
	homework, herr := fs.ReadFile(dist, "homework.html")
	if herr != nil {
		homework = index
	}
	files := http.FileServer(http.FS(dist))
	s.Echo.GET("/*", func(c echo.Context) error {
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
				if strings.HasPrefix(p, "assets/") { // Vite names assets by content hash
					c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
				}
				files.ServeHTTP(c.Response(), c.Request())
				return nil
			}
		}
		if homeworkPath {
			return c.HTMLBlob(http.StatusOK, homework)
		}
		c.Response().Header().Set("Cache-Control", "no-cache")
		return c.HTMLBlob(http.StatusOK, index)
	})
}
