package apptest

import (
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/web/webtest"
)

// Browser is an HTTP client with a cookie jar that sends the CSRF token like the web app does.
type Browser struct {
	T      testing.TB // where failures are reported; a fuzz target points it at each iteration's t
	Client *http.Client
	CSRF   string // the token sent with every change, renewed when the server sets a new one
	base   string
}

// Browser opens a fresh browser on the app and fetches its CSRF token.
func (a *App) Browser(t testing.TB) *Browser { return BrowserAt(t, a.HTTP.URL) }

// RefreshCSRF fetches a new CSRF token, as the web app does after signing up.
func (b *Browser) RefreshCSRF() {
	var out struct {
		Token string `json:"csrf_token"`
	}
	res := b.Do("GET", "/api/auth/csrf", "", nil)
	require.Equal(b.T, http.StatusOK, res.StatusCode)
	Decode(b.T, res, &out)
	require.NotEmpty(b.T, out.Token)
	b.CSRF = out.Token
}

// Do sends body (raw JSON, may be empty) with the CSRF header unless headers override it; an
// empty header value removes that header.
func (b *Browser) Do(method, path, body string, headers map[string]string) *http.Response {
	b.T.Helper()
	req, err := http.NewRequest(method, b.base+path, strings.NewReader(body))
	require.NoError(b.T, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if method != "GET" && b.CSRF != "" {
		req.Header.Set("X-CSRF-Token", b.CSRF)
	}
	for k, v := range headers {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	res, err := b.Client.Do(req)
	require.NoError(b.T, err)
	if v := res.Header.Get(webtest.ViolationHeader); v != "" {
		b.T.Errorf("%s", v)
	}
	for _, ck := range res.Cookies() {
		if ck.Name == "steady_csrf" { // the web app fetches the new token after log-in and log-out
			b.CSRF = ck.Value
		}
	}
	b.T.Cleanup(func() { res.Body.Close() })
	return res
}

// PostJSON posts v as JSON.
func (b *Browser) PostJSON(path string, v any) *http.Response {
	raw, err := json.Marshal(v)
	require.NoError(b.T, err)
	return b.Do("POST", path, string(raw), nil)
}

// MeOut is the answer of GET /api/auth/me.
type MeOut struct {
	User struct {
		ID    string `json:"id"`
		Email string `json:"email"`
	} `json:"user"`
	Practice struct {
		ID string `json:"id"`
	} `json:"practice"`
	TwoFactorEnabled  bool `json:"two_factor_enabled"`
	TwoFactorRequired bool `json:"two_factor_required"`
}

// Me asks who b is signed in as; the body is decoded only on 200.
func (b *Browser) Me() (int, MeOut) {
	b.T.Helper()
	res := b.Do("GET", "/api/auth/me", "", nil)
	var me MeOut
	if res.StatusCode == http.StatusOK {
		Decode(b.T, res, &me)
	}
	return res.StatusCode, me
}

// SignedUp signs a new practice owner up in a fresh browser.
func (a *App) SignedUp(t *testing.T, email string) (*Browser, MeOut) {
	t.Helper()
	b := a.Browser(t)
	res := a.SignUp(t, b, SignupBody(email))
	if res.StatusCode != http.StatusCreated {
		t.Fatalf("sign-up of %s: %d %s", email, res.StatusCode, ReadBody(t, res))
	}
	var me MeOut
	Decode(t, res, &me)
	b.RefreshCSRF()
	return b, me
}

// CookieNamed is the cookie res sets whose name ends in suffix, or nil.
func CookieNamed(res *http.Response, suffix string) *http.Cookie {
	for _, c := range res.Cookies() {
		if strings.HasSuffix(c.Name, suffix) {
			return c
		}
	}
	return nil
}

// BrowserAt opens a fresh browser on a server the test did not build (the Citus smoke test
// reaches `steady` on a cluster this way).
func BrowserAt(t testing.TB, base string) *Browser {
	jar, _ := cookiejar.New(nil)
	b := &Browser{T: t, base: base, Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}}
	b.RefreshCSRF()
	return b
}
