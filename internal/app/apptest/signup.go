package apptest

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// SignUp signs a practice up in b as its owner would: it posts body to the sign-up (which
// answers 202 and queues the email with the link), then confirms the sign-up with a link
// token of the test's own, and returns the confirmation's answer (201 and the session cookie
// when it worked). The email itself is left out: the token is set straight in the pending
// sign-up, which also tells the email job there is nothing to send, so a test's mailbox or
// SMTP sink holds only what the test is about. internal/auth's tests follow the real email.
func (a *App) SignUp(t testing.TB, b *Browser, body map[string]string) *http.Response {
	t.Helper()
	res := b.PostJSON("/api/auth/signup", body)
	if res.StatusCode != http.StatusAccepted {
		t.Fatalf("sign-up: %d %s", res.StatusCode, ReadBody(t, res))
	}
	token := a.signupToken(t, body["email"])
	return b.PostJSON("/api/auth/signup/confirm", map[string]string{"token": token})
}

// signupToken gives the newest pending sign-up of email a link token and returns it.
func (a *App) signupToken(t testing.TB, email string) string {
	t.Helper()
	raw := make([]byte, 32)
	_, _ = rand.Read(raw)
	token := base64.RawURLEncoding.EncodeToString(raw)
	sum := sha256.Sum256([]byte(token))
	tag, err := a.DB.Pool.Exec(context.Background(), `UPDATE pending_signups SET token_hash = $1, emailed_at = now()
		WHERE id = (SELECT id FROM pending_signups WHERE email = $2 AND used_at IS NULL
		            ORDER BY created_at DESC LIMIT 1)`, sum[:], strings.ToLower(strings.TrimSpace(email)))
	require.NoError(t, err)
	require.EqualValues(t, 1, tag.RowsAffected(), "a pending sign-up for %s", email)
	return token
}
