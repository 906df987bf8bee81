package web

import (
	"crypto/sha256"
	"encoding/base64"
	"html/template"

	"github.com/labstack/echo/v4"
)

// PlainStyle is the only style of the plain pages an email's link opens outside the web app
// (unsubscribe pages): allowed by its hash in the page's own Content-Security-Policy.
const PlainStyle = `body{font-family:system-ui,sans-serif;font-size:1.0625rem;line-height:1.5;max-width:34em;` +
	`margin:2em auto;padding:0 1em;color:#1d2b27}` +
	`button{font:inherit;padding:.7em 1.2em;border-radius:6px;border:0;background:#2f5d50;color:#fff}`

var plainCSP = func() string {
	sum := sha256.Sum256([]byte(PlainStyle))
	return "default-src 'none'; style-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) +
		"'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
}()

// PlainPage answers a plain page: tpl run with data and the style under "Style", never cached,
// with a policy that allows nothing but that style and forms posting back here.
func PlainPage(c echo.Context, status int, tpl *template.Template, data map[string]any) error {
	c.Response().Header().Set("Cache-Control", "no-store")
	c.Response().Header().Set("Content-Type", "text/html; charset=utf-8")
	c.Response().Header().Set("Content-Security-Policy", plainCSP)
	c.Response().WriteHeader(status)
	data["Style"] = template.CSS(PlainStyle)
	return tpl.Execute(c.Response(), data)
}
