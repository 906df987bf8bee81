package crisis_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/clients"
	"github.com/steadyhq/steady/internal/crisis"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/library"
	"github.com/steadyhq/steady/internal/practice"
	"github.com/steadyhq/steady/internal/safety"
	"github.com/steadyhq/steady/internal/team"
)

// crisisJSON is CrisisSupport as the API sends it.
type crisisJSON struct {
	Country   string `json:"country"`
	Resources []struct {
		Name    string `json:"name"`
		Contact string `json:"contact"`
		Href    string `json:"href"`
	} `json:"resources"`
	NextSteps string `json:"next_steps"`
}

type receiptJSON struct {
	ID     string      `json:"id"`
	Crisis *crisisJSON `json:"crisis"`
}

// answerPHQ sends a PHQ-9 answered "not at all" but item 9, under key, and reads the receipt.
func answerPHQ(t *testing.T, b *apptest.Browser, assignment uuid.UUID, item9 string, key uuid.UUID, want int) receiptJSON {
	t.Helper()
	raw, _ := json.Marshal(map[string]any{"assignment_id": assignment, "date": apptest.Today().String(), "answers": apptest.PHQAnswers(item9),
		"idempotency_key": key})
	res := b.Do("POST", "/api/homework/responses", string(raw), nil)
	require.Equal(t, want, res.StatusCode)
	var out receiptJSON
	apptest.Decode(t, res, &out)
	return out
}

// settingsBody is a whole practice settings update in zone, with crisis when it is not nil.
func settingsBody(zone string, crisis any) string {
	body := map[string]any{"name": "Crisis Practice", "time_zone": zone, "reminder_window_start": "08:00",
		"reminder_window_end": "20:00", "quiet_hours_start": "21:00", "quiet_hours_end": "07:00"}
	if crisis != nil {
		body["crisis"] = crisis
	}
	raw, _ := json.Marshal(body)
	return string(raw)
}

// practiceIn moves the team's practice to a time zone, leaving its country to be derived.
func practiceIn(t *testing.T, tm *apptest.Team, zone string) {
	res := tm.Browsers[practice.RoleOwner].Do("PATCH", "/api/practice", settingsBody(zone, nil), nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
}

func practiceCrisis(t *testing.T, b *apptest.Browser) crisisJSON {
	var st struct {
		Crisis crisisJSON `json:"crisis"`
	}
	res := b.Do("GET", "/api/practice", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &st)
	return st.Crisis
}

// phqClient makes a client with a PHQ-9 due today and opens their homework link.
func phqClient(t *testing.T, a *apptest.App, tm *apptest.Team) (*apptest.Browser, uuid.UUID) {
	client, _ := tm.Fixture(t, a)
	as := apptest.AssignPHQ(t, a, tm, client)
	return apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, tm.Caller(practice.RoleClinician), client)), as
}

// A PHQ-9 with item 9 above zero brings the practice's crisis support back with the receipt,
// again on a replay of the same answer; item 9 at zero brings nothing.
func TestRiskAnswerReceiptCarriesCrisisSupport(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-us")
	practiceIn(t, tm, "America/New_York")

	b, as := phqClient(t, a, tm)
	key := uuid.New()
	first := answerPHQ(t, b, as, "several_days", key, http.StatusCreated)
	require.NotNil(t, first.Crisis, "a risk answer is met with crisis support at once")
	require.Equal(t, "US", first.Crisis.Country, "the country comes from the practice's time zone")
	require.Equal(t, "988 Suicide & Crisis Lifeline", first.Crisis.Resources[0].Name)
	require.Equal(t, "tel:988", first.Crisis.Resources[0].Href)
	require.Equal(t, "tel:911", first.Crisis.Resources[1].Href)
	require.Equal(t, "sms:741741", first.Crisis.Resources[2].Href)
	require.Contains(t, first.Crisis.NextSteps, "Your clinician has been told")

	again := answerPHQ(t, b, as, "several_days", key, http.StatusOK)
	require.Equal(t, first, again, "a replay gives the same receipt, crisis support included")

	calm, calmAs := phqClient(t, a, tm)
	none := answerPHQ(t, calm, calmAs, "not_at_all", uuid.New(), http.StatusCreated)
	require.Nil(t, none.Crisis, "no risk item, no crisis screen")
	require.Nil(t, answerPHQ(t, calm, calmAs, "not_at_all", uuid.New(), http.StatusConflict).Crisis)

	var shown []bool
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT coalesce((detail->>'crisis_shown')::boolean, false) FROM audit_events
			WHERE action = 'response.create' ORDER BY id`).Scan(&shown).Error
	}))
	require.Equal(t, []bool{true, false}, shown, "the audit trail records that the client was shown crisis support")
}

// A UK practice gets the UK's services; a practice whose zone names no country gets the
// generic line until it chooses one.
func TestCrisisDefaultFollowsTheCountry(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-gb")
	owner := tm.Browsers[practice.RoleOwner]

	generic := practiceCrisis(t, owner)
	require.Equal(t, "", generic.Country, "UTC says nothing about the country")
	require.Len(t, generic.Resources, 1)
	require.Equal(t, "Emergency services", generic.Resources[0].Name)

	practiceIn(t, tm, "Europe/London")
	b, as := phqClient(t, a, tm)
	r := answerPHQ(t, b, as, "nearly_every_day", uuid.New(), http.StatusCreated)
	require.NotNil(t, r.Crisis)
	require.Equal(t, "GB", r.Crisis.Country)
	require.Equal(t, "Samaritans", r.Crisis.Resources[0].Name)
	require.Equal(t, "tel:116123", r.Crisis.Resources[0].Href)
	require.Equal(t, "tel:999", r.Crisis.Resources[1].Href)
	require.Equal(t, "sms:85258", r.Crisis.Resources[3].Href)

	var def struct {
		Crisis   crisisJSON `json:"crisis"`
		Tailored bool       `json:"tailored"`
	}
	apptest.Decode(t, owner.Do("GET", "/api/practice/crisis-default?country=US", "", nil), &def)
	require.True(t, def.Tailored)
	require.Equal(t, "988 Suicide & Crisis Lifeline", def.Crisis.Resources[0].Name)
	apptest.Decode(t, owner.Do("GET", "/api/practice/crisis-default?country=IE", "", nil), &def)
	require.False(t, def.Tailored, "no services of Ireland's own yet: the generic line")
	require.Equal(t, "IE", def.Crisis.Country)
	res := owner.Do("GET", "/api/practice/crisis-default?country=gb", "", nil)
	require.Equal(t, http.StatusUnprocessableEntity, res.StatusCode)
	require.Contains(t, apptest.ReadError(t, res).Error.Fields, "country")

	// Nothing is copied into the practice's row until it saves words of its own, so an
	// improved default reaches it.
	require.Equal(t, 0, crisisRows(t, a, tm.ID))
}

// crisisRows is 1 when the practice has stored words of its own, 0 when it reads the default.
func crisisRows(t *testing.T, a *apptest.App, practiceID uuid.UUID) int {
	var n int
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: practiceID}, func(tx *db.Tx) error {
		return tx.Gorm.Raw(`SELECT count(*) FROM practices WHERE crisis_support IS NOT NULL`).Row().Scan(&n)
	}))
	return n
}

var ownWords = map[string]any{
	"country": "GB",
	"resources": []map[string]string{
		{"name": "  Harbour duty line  ", "contact": "Call 01632 960000, weekdays 9 to 5", "href": "tel:+44 1632 960000"},
		{"name": "Samaritans", "contact": "Call 116 123, free, any time", "href": "tel:116123"},
		{"name": "Harbour crisis page", "contact": "What to do in a crisis", "href": "https://harbour.example.com/crisis"},
	},
	"next_steps": "Ruth will ring you tomorrow morning.\r\nIf you are in danger now, call 999.",
}

// After the practice saves its own words, the receipt and the client's page carry them, and
// the change is in the audit trail. Saving the default again goes back to it.
func TestPracticeWordsReachTheClient(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-own")
	admin := tm.Browsers[practice.RoleAdmin]

	res := admin.Do("PATCH", "/api/practice", settingsBody("Europe/London", ownWords), nil)
	require.Equal(t, http.StatusOK, res.StatusCode, apptest.ReadBody(t, res))
	saved := practiceCrisis(t, admin)
	require.Equal(t, "Harbour duty line", saved.Resources[0].Name, "trimmed")
	require.Equal(t, "Ruth will ring you tomorrow morning.\nIf you are in danger now, call 999.", saved.NextSteps)
	require.Equal(t, 1, crisisRows(t, a, tm.ID))

	b, as := phqClient(t, a, tm)
	r := answerPHQ(t, b, as, "more_than_half", uuid.New(), http.StatusCreated)
	require.NotNil(t, r.Crisis)
	require.Equal(t, saved, *r.Crisis, "the receipt carries the practice's words")

	var page crisisJSON
	res = b.Do("GET", "/api/homework/crisis", "", nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	apptest.Decode(t, res, &page)
	require.Equal(t, saved, page)
	res = a.Browser(t).Do("GET", "/api/homework/crisis", "", nil)
	require.Equal(t, http.StatusUnauthorized, res.StatusCode, "no client session, no page")

	// Left out of an update, the crisis support stays.
	res = admin.Do("PATCH", "/api/practice", settingsBody("America/Chicago", nil), nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, saved, practiceCrisis(t, admin), "a chosen country stays when the time zone moves")

	var detail map[string]any
	require.NoError(t, a.DB.InTenant(context.Background(), db.Scope{PracticeID: tm.ID}, func(tx *db.Tx) error {
		var raw []byte
		err := tx.Gorm.Raw(`SELECT detail FROM audit_events WHERE action = 'settings.update' AND detail ? 'crisis_country'
			ORDER BY id DESC LIMIT 1`).Row().Scan(&raw)
		if err == nil {
			err = json.Unmarshal(raw, &detail)
		}
		return err
	}))
	require.Equal(t, map[string]any{"crisis_country": "GB", "crisis_own_words": true}, detail)

	// "Use the default": the default's own words are stored as none, so they keep up with it.
	def, _ := crisis.Default("US")
	res = admin.Do("PATCH", "/api/practice", settingsBody("America/Chicago", def), nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, 0, crisisRows(t, a, tm.ID))
	back := practiceCrisis(t, admin)
	require.Equal(t, "US", back.Country)
	require.Equal(t, "988 Suicide & Crisis Lifeline", back.Resources[0].Name)
}

// Bad crisis support is refused naming the field, and nothing of the update is written.
func TestBadCrisisSupportIsRefused(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-bad")
	admin := tm.Browsers[practice.RoleAdmin]
	before := practiceCrisis(t, admin)

	with := func(change func(map[string]any)) string {
		c := map[string]any{"country": "GB", "next_steps": "We will call you.",
			"resources": []any{map[string]any{"name": "Samaritans", "contact": "Call 116 123", "href": "tel:116123"}}}
		change(c)
		return settingsBody("Europe/Paris", c)
	}
	resource := func(field string, value any) func(map[string]any) {
		return func(c map[string]any) { c["resources"].([]any)[0].(map[string]any)[field] = value }
	}
	eleven := make([]any, 11)
	for i := range eleven {
		eleven[i] = map[string]any{"name": fmt.Sprintf("Line %d", i+1), "contact": "Call 112"}
	}
	for name, tc := range map[string]struct {
		body   string
		status int
		field  string
	}{
		"javascript link": {with(resource("href", "javascript:alert(1)")), 422, "crisis.resources.0.href"},
		"plain http link": {with(resource("href", "http://example.com")), 422, "crisis.resources.0.href"},
		"data link":       {with(resource("href", "data:text/html,hi")), 422, "crisis.resources.0.href"},
		"tel with words":  {with(resource("href", "tel:call-us")), 422, "crisis.resources.0.href"},
		"missing name":    {with(resource("name", "   ")), 422, "crisis.resources.0.name"},
		"no contact":      {with(func(c map[string]any) { delete(c["resources"].([]any)[0].(map[string]any), "contact") }), 422, "crisis.resources.0.contact"},
		"name on 2 lines": {with(resource("name", "Samaritans\nline")), 422, "crisis.resources.0.name"},
		"eleven services": {with(func(c map[string]any) { c["resources"] = eleven }), 422, "crisis.resources"},
		"no services":     {with(func(c map[string]any) { c["resources"] = []any{} }), 422, "crisis.resources"},
		"lower-case":      {with(func(c map[string]any) { c["country"] = "gb" }), 422, "crisis.country"},
		"no country":      {with(func(c map[string]any) { delete(c, "country") }), 422, "crisis.country"},
		"no next steps":   {with(func(c map[string]any) { c["next_steps"] = " " }), 422, "crisis.next_steps"},
		"long next steps": {with(func(c map[string]any) { c["next_steps"] = strings.Repeat("a", 2001) }), 422, "crisis.next_steps"},
		"resources text":  {with(func(c map[string]any) { c["resources"] = "call 999" }), 400, "crisis.resources"},
		"number name":     {with(resource("name", 999)), 400, "crisis.resources.name"},
		"crisis a list":   {settingsBody("Europe/Paris", []string{"GB"}), 400, "crisis"},
		"unknown field":   {with(func(c map[string]any) { c["phone"] = "999" }), 400, "phone"},
	} {
		res := admin.Do("PATCH", "/api/practice", tc.body, nil)
		require.Equal(t, tc.status, res.StatusCode, name)
		require.Contains(t, apptest.ReadError(t, res).Error.Fields, tc.field, name)
	}
	var st struct {
		TimeZone string `json:"time_zone"`
	}
	apptest.Decode(t, admin.Do("GET", "/api/practice", "", nil), &st)
	require.Equal(t, "UTC", st.TimeZone, "a refused update changes no other setting either")
	require.Equal(t, before, practiceCrisis(t, admin))
	require.Equal(t, 0, crisisRows(t, a, tm.ID))
}

// Only owners and admins change crisis support, through the route and the service alike.
func TestClinicianCannotChangeCrisisSupport(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-role")
	res := tm.Browsers[practice.RoleClinician].Do("PATCH", "/api/practice", settingsBody("UTC", ownWords), nil)
	require.Equal(t, http.StatusForbidden, res.StatusCode)
	require.Equal(t, "forbidden", apptest.ReadError(t, res).Error.Code)

	own := crisis.Support{Country: "GB", NextSteps: "We will call.", Resources: []crisis.Resource{{Name: "Duty line", Contact: "Call 01632 960000"}}}
	_, err := team.NewService(a.DB).UpdateSettings(context.Background(), tm.Caller(practice.RoleClinician), team.Settings{
		Name: "Crisis Practice", TimeZone: "UTC", ReminderWindowStart: "08:00", ReminderWindowEnd: "20:00",
		QuietHoursStart: "21:00", QuietHoursEnd: "07:00", Crisis: &own})
	require.True(t, errors.Is(err, auth.ErrForbidden), "the service refuses too: %v", err)
	require.Equal(t, 0, crisisRows(t, a, tm.ID))
}

// Practice B's words never reach practice A's staff or clients.
func TestCrisisSupportStaysInItsPractice(t *testing.T) {
	t.Parallel()
	a := apptest.New(t)
	tmA := apptest.SeedTeam(t, a, "crisis-a")
	tmB := apptest.SeedTeam(t, a, "crisis-b")
	res := tmB.Browsers[practice.RoleOwner].Do("PATCH", "/api/practice", settingsBody("Europe/London", ownWords), nil)
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Equal(t, 1, crisisRows(t, a, tmB.ID))

	b, as := phqClient(t, a, tmA)
	r := answerPHQ(t, b, as, "several_days", uuid.New(), http.StatusCreated)
	require.NotNil(t, r.Crisis)
	var page crisisJSON
	apptest.Decode(t, b.Do("GET", "/api/homework/crisis", "", nil), &page)
	for what, body := range map[string]string{
		"receipt":     mustJSON(t, r),
		"client page": mustJSON(t, page),
		"A settings":  apptest.ReadBody(t, tmA.Browsers[practice.RoleOwner].Do("GET", "/api/practice", "", nil)),
	} {
		require.NotContains(t, body, "Harbour", what)
		require.NotContains(t, body, "Ruth", what)
	}
	require.Equal(t, "", page.Country)
	require.Equal(t, 0, crisisRows(t, a, tmA.ID))
}

func mustJSON(t *testing.T, v any) string {
	raw, err := json.Marshal(v)
	require.NoError(t, err)
	return string(raw)
}

// When one partner of a couple gives a risk answer, only they are met with crisis support:
// nothing the other partner's link answers mentions it.
func TestPartnerNeverSeesTheCrisisScreen(t *testing.T) {
	t.Parallel()
	a, tm := setup(t, "crisis-pair")
	practiceIn(t, tm, "Europe/London")
	ctx := context.Background()
	clin := tm.Caller(practice.RoleClinician)
	cs := clients.NewService(a.DB)
	var ids []uuid.UUID
	for _, name := range []string{"Jo Partner", "Kim Partner"} {
		d, err := cs.Create(ctx, clin, clients.Input{Name: name, TimeZone: "UTC"})
		require.NoError(t, err)
		ids = append(ids, d.ID)
	}
	k, err := cs.CreateCouple(ctx, clin, clients.CoupleInput{Name: "Jo and Kim", Partners: []clients.Partner{
		{ClientID: ids[0], TrustRole: "unspecified"}, {ClientID: ids[1], TrustRole: "unspecified"}}})
	require.NoError(t, err)
	_, _, err = a.SafetySvc().RecordScreen(ctx, clin, k.ID, safety.Screen{Decision: "proceed"})
	require.NoError(t, err)
	vs, err := a.AssignmentSvc().Assign(ctx, clin, assignments.AssignInput{CoupleID: k.ID,
		Exercise: &library.Ref{Library: "trust-safety-check-in"}, Rule: apptest.DailyFrom(apptest.Today())})
	require.NoError(t, err)
	require.Len(t, vs, 2)
	assignment := map[uuid.UUID]uuid.UUID{vs[0].ClientID: vs[0].ID, vs[1].ClientID: vs[1].ID}
	jo := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, ids[0]))
	kim := apptest.ClientBrowser(t, a, apptest.LinkFor(t, a, clin, ids[1]))

	checkIn := func(b *apptest.Browser, client uuid.UUID, safe int) receiptJSON {
		raw, _ := json.Marshal(map[string]any{"assignment_id": assignment[client], "date": apptest.Today().String(),
			"idempotency_key": uuid.New(), "answers": map[string]any{"safe": safe, "matched": 5, "honest": 5, "trust": 5}})
		res := b.Do("POST", "/api/homework/responses", string(raw), nil)
		body := apptest.ReadBody(t, res)
		require.Equal(t, http.StatusCreated, res.StatusCode, body)
		var out receiptJSON
		require.NoError(t, json.Unmarshal([]byte(body), &out))
		return out
	}
	r := checkIn(jo, ids[0], 1)
	require.NotNil(t, r.Crisis, "feeling unsafe with a partner is a risk answer")
	require.Equal(t, "Samaritans", r.Crisis.Resources[0].Name)

	require.Nil(t, checkIn(kim, ids[1], 8).Crisis)
	require.Equal(t, http.StatusOK, kim.Do("POST", "/api/homework/pin", `{"pin":"4826"}`, nil).StatusCode)
	for _, path := range []string{"/api/homework/today", "/api/homework/history", "/api/homework/me",
		"/api/homework/reminders", "/api/homework/tasks/" + assignment[ids[1]].String() + "/" + apptest.Today().String()} {
		res := kim.Do("GET", path, "", nil)
		require.Equal(t, http.StatusOK, res.StatusCode, path)
		body := apptest.ReadBody(t, res)
		for _, word := range []string{"crisis", "Samaritans", "116 123", "has been told"} {
			require.NotContains(t, body, word, "%s shows the partner nothing of it", path)
		}
	}
	res := kim.Do("GET", "/api/homework/tasks/"+assignment[ids[0]].String()+"/"+apptest.Today().String(), "", nil)
	require.Equal(t, http.StatusNotFound, res.StatusCode, "nor can they reach the other's answer")
}
