package homework_test

import (
	"context"
	"testing"

	"github.com/google/uuid"
	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/app/apptest"
	"github.com/steadyhq/steady/internal/assignments"
	"github.com/steadyhq/steady/internal/auth"
	"github.com/steadyhq/steady/internal/homework"
	"github.com/steadyhq/steady/internal/links"
	"github.com/steadyhq/steady/internal/practice"
)

// setup is where a homework test starts: Steady built on a database of its own, every answer
// checked against the OpenAPI document, and the practice named practice with one member of
// each role, each signed in. The service under test answers a client's browser opened
// with apptest.ClientBrowser; a.AnswerSvc() is the same service, called directly.
var setup = apptest.Practice

// linked is a client of the practice named practice with n daily assignments from yesterday,
// who has opened their homework link from ip, and a homework service of the test's own (its
// counts of the paths taken start at zero).
type linked struct {
	a      *apptest.App
	tm     *apptest.Team
	client uuid.UUID
	clin   auth.Caller
	ids    []uuid.UUID
	token  string
	sess   *links.Session
	svc    *homework.Service
	ip     string
}

func withLink(t *testing.T, name string, n int, ip string) *linked {
	t.Helper()
	a, tm := setup(t, name)
	l := &linked{a: a, tm: tm, clin: tm.Caller(practice.RoleClinician), ip: ip}
	l.client, _ = tm.Fixture(t, a)
	for range n {
		l.ids = append(l.ids, apptest.AssignDaily(t, a, l.clin, l.client).ID)
	}
	var err error
	l.token, l.sess, err = a.LinkSvc().Exchange(context.Background(), apptest.LinkFor(t, a, l.clin, l.client), ip)
	require.NoError(t, err)
	l.svc = homework.NewService(a.DB, a.Config.Clock())
	return l
}

// answer sends the daily exercise's answers to id's occurrence day days from today, with key.
func (l *linked) answer(claim *links.Claim, id uuid.UUID, day int, key uuid.UUID) (*assignments.Response, bool, error) {
	return l.svc.SubmitClaimed(context.Background(), claim, homework.Submission{AssignmentID: id,
		Date: l.a.Today().AddDays(day), Answers: apptest.DailyAnswers(), IdempotencyKey: key}, l.ip, "test")
}
