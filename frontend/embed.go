// Package frontend embeds the built web app (frontend/dist, made by `npm run build`) into the
// Go binary. Before a build, dist holds only .gitkeep and the server shows a notice instead.
package frontend

import (
	"embed"
	"io/fs"
)

//go:embed all:dist
var dist embed.FS

// Dist is the built app, rooted at dist/.
func Dist() fs.FS {
	sub, err := fs.Sub(dist, "dist")
	if err != nil {
		panic(err) // cannot happen: dist is embedded above
	}
	return sub
}
