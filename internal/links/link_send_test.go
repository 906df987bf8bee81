package links_test

import (
	"context"
	"encoding/json"
	"io"
	"mime/quotedprintable"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-smtp"
	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app"
	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/practice"
)

type sentLink struct {
	Link struct {
		Status string `json:"status"`
	} `json:"link"`
	URL     string `json:"url"`
	Channel string `json:"channel"`
	To      string `json:"to"`
}

func sendLink(b *apptest.Browser, client uuid.UUID, body string) *http.Response {
	return b.Do("POST", "/api/clients/"+client.String()+"/homework-link/send", body, nil)
}

func decodeSent(t *testing.T, res *http.Response) sentLink {
	t.Helper()
	raw := apptest.ReadBody(t, res)
	require.Equal(t, http.StatusCreated, res.StatusCode, raw)
	require.Equal(t, "no-store", res.Header.Get("Cache-Control"))
	var s sentLink
	require.NoError(t, json.Unmarshal([]byte(raw), &s))
	return s
}

// tokenOf is the token at the end of a homework URL.
func tokenOf(url string) string { return url[strings.LastIndex(url, "/h/")+3:] }

// linkWorks reports whether a tap on the link with token opens a session.
func linkWorks(t *testing.T, a *apptest.App, token string) bool {
	res := a.Browser(t).Do("POST", "/api/homework/session", `{"token":"`+token+`"}`, nil)
	return res.StatusCode == http.StatusOK
}

// plainMail undoes the quoted-printable encoding of a received message, so its text can be read.
func plainMail(t *testing.T, data string) string {
	out, err := io.ReadAll(quotedprintable.NewReader(strings.NewReader(data)))
	require.NoError(t, err)
	return string(out)
}

func rowCount(a *apptest.App, t *testing.T, practiceID uuid.UUID, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(query, args...).Row().Scan(&n)
	}))
	return n
}

// Sending by email mints a new link, ends the old one, and sends one message over SMTP to the
// client's address: the practice and the link, nothing of their homework. The token is
// nowhere in the database; the audit row names the channel only.
func TestSendLinkByEmail(t *testing.T) {
	t.Parallel()
	sink := apptest.NewSMTPSink(t)
	a := apptest.New(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = sink.Port })
	tm := apptest.SeedTeam(t, a, "harbour")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	apptest.AgreeToEmail(t, a, tm.ID, client)
	as := apptest.AssignDaily(t, a, clin, client)
	require.NotEmpty(t, as.Title)
	old := apptest.LinkFor(t, a, clin, client)
	oldSession := apptest.ClientBrowser(t, a, old)

	sent := decodeSent(t, sendLink(tm.Browsers[practice.RoleClinician], client, `{"channel":"email"}`))
	require.Equal(t, "email", sent.Channel)
	require.Equal(t, "j•••@example.com", sent.To)
	require.Equal(t, "active", sent.Link.Status)
	require.Regexp(t, `^http://localhost:8080/h/[A-Za-z0-9_-]{43}$`, sent.URL)

	msgs := sink.Messages()
	require.Len(t, msgs, 1, "one message, sent before the answer")
	require.Equal(t, []string{"jo.client@example.com"}, msgs[0].To)
	body := plainMail(t, msgs[0].Data)
	require.Contains(t, body, "Subject: Your homework link from harbour")
	require.Contains(t, body, sent.URL)
	require.Contains(t, body, "please don't forward it")
	for _, clinical := range []string{as.Title, "flooded", "Flooded", "Jo Client", "PHQ", "diagnos"} {
		require.NotContains(t, body, clinical, "the message carries nothing clinical, nor the client's name")
	}

	token := tokenOf(sent.URL)
	fresh := apptest.ClientBrowser(t, a, token)
	require.Equal(t, http.StatusOK, fresh.Do("GET", "/api/homework/me", "", nil).StatusCode, "the sent link opens a session")
	require.False(t, linkWorks(t, a, old), "the old link no longer works")
	require.Equal(t, http.StatusUnauthorized, oldSession.Do("GET", "/api/homework/me", "", nil).StatusCode,
		"the old link's session ended with it")

	var details []string
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT row_to_json(e)::text FROM audit_events e WHERE action = 'homework_link.send'`).Scan(&details).Error
	}))
	require.Len(t, details, 1)
	require.Contains(t, details[0], `"detail":{"channel": "email"}`)
	require.NotContains(t, details[0], "jo.client")
	require.NotContains(t, details[0], token)

	// The raw token is in no table: not a job's arguments, not a delivery record, not the audit.
	var clear int
	require.NoError(t, a.DB.Pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM river_job WHERE args::text LIKE '%' || $1 || '%') +
		(SELECT count(*) FROM dev_messages WHERE text_body LIKE '%' || $1 || '%')`, token).Scan(&clear))
	require.Zero(t, clear)
	require.Zero(t, rowCount(a, t, tm.ID, `SELECT count(*) FROM email_deliveries WHERE recipient <> '' OR subject LIKE '%' || ? || '%'`, token),
		"the delivery record holds neither the address nor the token")
}

// Sending by text goes through the text provider, here the dev mailbox, to the client's mobile.
func TestSendLinkByText(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "harbour")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	apptest.SetContact(t, a, tm.ID, client, "", "+447700904821", false, true)
	as := apptest.AssignDaily(t, a, clin, client)

	sent := decodeSent(t, sendLink(tm.Browsers[practice.RoleClinician], client, `{"channel":"sms"}`))
	require.Equal(t, "sms", sent.Channel)
	require.Equal(t, "•••• 4821", sent.To)

	var texts []string
	require.NoError(t, a.DB.Pool.QueryRow(context.Background(),
		`SELECT array_agg(text_body) FROM dev_messages WHERE recipient = 'sms:+447700904821'`).Scan(&texts))
	require.Len(t, texts, 1)
	require.Contains(t, texts[0], "harbour:")
	require.Contains(t, texts[0], sent.URL)
	require.NotContains(t, texts[0], as.Title)
	require.Equal(t, 1, rowCount(a, t, tm.ID, `SELECT count(*) FROM dev_messages`), "nothing else was sent")
	require.True(t, linkWorks(t, a, tokenOf(sent.URL)))
}

// A send that cannot go out is refused with the reason, and changes nothing: no new link, no
// message, no audit row, and the old link still works.
func TestSendLinkRefusalsChangeNothing(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "refusals")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	b := tm.Browsers[practice.RoleClinician]
	old := apptest.LinkFor(t, a, clin, client)

	cases := []struct {
		name, body             string
		email, mobile          string
		consentEmail, consentS bool
		status                 int
		code, message          string
	}{
		{"no consent to email", `{"channel":"email"}`, "jo@example.com", "", false, false, 422, "no_email_consent", "hasn't agreed to email"},
		{"no email address", `{"channel":"email"}`, "", "+447700904821", true, true, 422, "no_email", "has no email address"},
		{"no consent to texts", `{"channel":"sms"}`, "jo@example.com", "+447700904821", true, false, 422, "no_sms_consent", "hasn't agreed to texts"},
		{"no mobile", `{"channel":"sms"}`, "jo@example.com", "", true, true, 422, "no_mobile", "has no mobile number"},
		{"unknown channel", `{"channel":"fax"}`, "jo@example.com", "", true, false, 422, "validation_failed", ""},
		{"missing channel", `{}`, "jo@example.com", "", true, false, 422, "validation_failed", ""},
		{"channel of the wrong type", `{"channel":1}`, "jo@example.com", "", true, false, 400, "wrong_type", ""},
		{"unknown field", `{"channel":"email","to":"someone@example.com"}`, "jo@example.com", "", true, false, 400, "unknown_field", ""},
	}
	for _, tc := range cases {
		apptest.SetContact(t, a, tm.ID, client, tc.email, tc.mobile, tc.consentEmail, tc.consentS)
		res := sendLink(b, client, tc.body)
		require.Equal(t, tc.status, res.StatusCode, tc.name)
		e := apptest.ReadError(t, res)
		require.Equal(t, tc.code, e.Error.Code, tc.name)
		require.Contains(t, e.Error.Message, tc.message, tc.name)
		if tc.code != "unknown_field" {
			require.NotEmpty(t, e.Error.Fields["channel"], "%s: the field is named", tc.name)
		}
	}

	// Someone else's client: the same answer as a client that does not exist.
	apptest.SetContact(t, a, tm.ID, client, "jo@example.com", "", true, false)
	res := sendLink(apptest.ColleagueBrowser(t, a, tm), client, `{"channel":"email"}`)
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "not_found", apptest.ReadError(t, res).Error.Code)

	// An archived client gets no new link, as with making one by hand.
	_, err := clients.NewService(a.DB).SetArchived(context.Background(), clin, client, true)
	require.NoError(t, err)
	res = sendLink(b, client, `{"channel":"email"}`)
	require.Equal(t, http.StatusConflict, res.StatusCode)
	require.Equal(t, "archived", apptest.ReadError(t, res).Error.Code)
	_, err = clients.NewService(a.DB).SetArchived(context.Background(), clin, client, false)
	require.NoError(t, err)

	require.Equal(t, 1, rowCount(a, t, tm.ID, `SELECT count(*) FROM homework_links`), "no link was made")
	require.Zero(t, rowCount(a, t, tm.ID, `SELECT count(*) FROM dev_messages`), "nothing was sent")
	require.Zero(t, rowCount(a, t, tm.ID, `SELECT count(*) FROM audit_events WHERE action = 'homework_link.send'`))
	require.True(t, linkWorks(t, a, old), "the old link still works")
}

// When the mail server cannot be reached, or refuses the address, the clinician is told, and
// nothing changed: the old link still works and no new one exists. Texts that are not set up
// are refused before anything is tried.
func TestSendLinkFailureChangesNothing(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	require.NoError(t, ln.Close()) // nothing listens there now
	a := apptest.New(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = port })
	tm := apptest.SeedTeam(t, a, "failures")
	client, _ := tm.Fixture(t, a)
	clin := tm.Caller(practice.RoleClinician)
	b := tm.Browsers[practice.RoleClinician]
	apptest.SetContact(t, a, tm.ID, client, "jo@example.com", "+447700904821", true, true)
	old := apptest.LinkFor(t, a, clin, client)

	res := sendLink(b, client, `{"channel":"email"}`)
	require.Equal(t, http.StatusServiceUnavailable, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "send_failed", e.Error.Code)
	require.Contains(t, e.Error.Message, "current link still works")

	res = sendLink(b, client, `{"channel":"sms"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Equal(t, "texts_unavailable", apptest.ReadError(t, res).Error.Code)

	require.Equal(t, 1, rowCount(a, t, tm.ID, `SELECT count(*) FROM homework_links`), "no link was made")
	require.Zero(t, rowCount(a, t, tm.ID, `SELECT count(*) FROM audit_events WHERE action = 'homework_link.send'`))
	require.True(t, linkWorks(t, a, old), "the old link still works")
}

func TestSendLinkToARefusedAddressChangesNothing(t *testing.T) {
	t.Parallel()
	s := smtp.NewServer(smtp.BackendFunc(func(*smtp.Conn) (smtp.Session, error) { return apptest.RefusingSession{}, nil }))
	s.Domain = "localhost"
	port := apptest.NewSMTPListener(t, s)
	a := apptest.New(t, func(c *app.Config) { c.SMTPHost = "127.0.0.1"; c.SMTPPort = port })
	tm := apptest.SeedTeam(t, a, "refused")
	client, _ := tm.Fixture(t, a)
	apptest.AgreeToEmail(t, a, tm.ID, client)
	old := apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client)

	res := sendLink(tm.Browsers[practice.RoleClinician], client, `{"channel":"email"}`)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	e := apptest.ReadError(t, res)
	require.Equal(t, "send_refused", e.Error.Code)
	require.NotContains(t, e.Error.Message, "mx-internal", "the server's own words stay in the log")
	require.Equal(t, 1, rowCount(a, t, tm.ID, `SELECT count(*) FROM homework_links`))
	require.True(t, linkWorks(t, a, old))
}

// Five sends per client an hour; the sixth is refused with a wait, and sends nothing.
func TestSendLinkIsRateLimited(t *testing.T) {
	t.Parallel()
	// One fixed instant, so every send falls in the same window.
	at := time.Now()
	a := apptest.New(t, func(c *app.Config) { c.SetClock(func() time.Time { return at }) })
	tm := apptest.SeedTeam(t, a, "limits")
	client, _ := tm.Fixture(t, a)
	other, _ := tm.Fixture(t, a)
	apptest.AgreeToEmail(t, a, tm.ID, client)
	apptest.AgreeToEmail(t, a, tm.ID, other)
	b := tm.Browsers[practice.RoleClinician]

	var last sentLink
	for i := 0; i < 5; i++ {
		last = decodeSent(t, sendLink(b, client, `{"channel":"email"}`))
	}
	res := sendLink(b, client, `{"channel":"email"}`)
	require.Equal(t, http.StatusTooManyRequests, res.StatusCode)
	require.NotEmpty(t, res.Header.Get("Retry-After"))
	e := apptest.ReadError(t, res)
	require.Equal(t, "rate_limited", e.Error.Code)
	require.Contains(t, e.Error.Message, "wait")

	require.Equal(t, 5, rowCount(a, t, tm.ID, `SELECT count(*) FROM dev_messages`), "the refused send sent nothing")
	require.True(t, linkWorks(t, a, tokenOf(last.URL)), "the last sent link still works")
	decodeSent(t, sendLink(b, other, `{"channel":"email"}`)) // the limit is per client
}
