package notify

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// The Twilio adapter posts the form Twilio documents, with basic auth and the idempotency
// token, and tells final refusals from ones worth a retry.
func TestTwilioAdapter(t *testing.T) {
	var got *http.Request
	var form map[string]string
	status, body := http.StatusCreated, `{"sid":"SM123"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = r
		require.NoError(t, r.ParseForm())
		form = map[string]string{}
		for k := range r.PostForm {
			form[k] = r.PostForm.Get(k)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	}))
	defer srv.Close()
	tw, err := NewTwilio(TwilioConfig{AccountSID: "AC123", AuthToken: "secret", From: "+441234567890", BaseURL: srv.URL})
	require.NoError(t, err)
	ctx := context.Background()

	require.NoError(t, tw.SendText(ctx, Text{To: "+447700900123", Body: "Your homework is ready", Key: "d-1"}))
	require.Equal(t, "/2010-04-01/Accounts/AC123/Messages.json", got.URL.Path)
	user, pass, ok := got.BasicAuth()
	require.True(t, ok)
	require.Equal(t, "AC123", user)
	require.Equal(t, "secret", pass)
	require.Equal(t, "d-1", got.Header.Get("I-Twilio-Idempotency-Token"))
	require.Equal(t, map[string]string{"To": "+447700900123", "From": "+441234567890", "Body": "Your homework is ready"}, form)

	status, body = http.StatusBadRequest, `{"code":21211,"message":"The 'To' number is not a valid phone number."}`
	err = tw.SendText(ctx, Text{To: "+15005550001", Body: "x"})
	require.True(t, errors.Is(err, ErrPermanent), "an invalid number is final: %v", err)

	status, body = http.StatusServiceUnavailable, `{"code":20503,"message":"Service unavailable"}`
	err = tw.SendText(ctx, Text{To: "+447700900123", Body: "x"})
	require.Error(t, err)
	require.False(t, errors.Is(err, ErrPermanent), "a 503 is worth a retry")

	status, body = http.StatusTooManyRequests, `{"code":20429,"message":"Too Many Requests"}`
	require.False(t, errors.Is(tw.SendText(ctx, Text{To: "+447700900123", Body: "x"}), ErrPermanent))

	svc, err := NewTwilio(TwilioConfig{AccountSID: "AC123", AuthToken: "secret", From: "MG999", BaseURL: srv.URL})
	require.NoError(t, err)
	status, body = http.StatusCreated, `{}`
	require.NoError(t, svc.SendText(ctx, Text{To: "+447700900123", Body: "x"}))
	require.Equal(t, "MG999", form["MessagingServiceSid"], "a Messaging Service sends instead of a number")

	_, err = NewTwilio(TwilioConfig{AccountSID: "AC123"})
	require.Error(t, err)
}
