package notify

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Text is one SMS. Key identifies the message across retries; providers that honour an
// idempotency key get it, and the caller's delivery record is the guarantee either way.
type Text struct {
	To   string // E.164
	Body string
	Key  string
}

// Texter sends texts.
type Texter interface {
	SendText(ctx context.Context, t Text) error
}

// TwilioConfig says how to reach Twilio's Messages API.
type TwilioConfig struct {
	AccountSID string
	AuthToken  string
	From       string // a number in E.164, or a Messaging Service SID (MG…)
	BaseURL    string // https://api.twilio.com unless a test says otherwise
}

// Twilio sends texts through Twilio's REST API.
type Twilio struct {
	cfg    TwilioConfig
	client *http.Client
}

// NewTwilio checks the settings and builds the adapter.
func NewTwilio(cfg TwilioConfig) (*Twilio, error) {
	if cfg.AccountSID == "" || cfg.AuthToken == "" || cfg.From == "" {
		return nil, fmt.Errorf("twilio: account SID, auth token and from are required")
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "https://api.twilio.com"
	}
	return &Twilio{cfg: cfg, client: &http.Client{Timeout: 20 * time.Second}}, nil
}

// twilioPermanent are Twilio's error codes a retry cannot fix: an invalid or unreachable
// number, a landline, a recipient who opted out, a blocked destination.
var twilioPermanent = map[int]bool{21211: true, 21214: true, 21407: true, 21408: true, 21610: true,
	21612: true, 21614: true, 30003: true, 30005: true, 30006: true}

// SendText posts the message. A refusal Twilio marks as final is ErrPermanent; anything else
// (a 5xx, a 429, the network) is for the caller to retry.
func (t *Twilio) SendText(ctx context.Context, m Text) error {
	form := url.Values{"To": {m.To}, "Body": {m.Body}}
	if strings.HasPrefix(t.cfg.From, "MG") {
		form.Set("MessagingServiceSid", t.cfg.From)
	} else {
		form.Set("From", t.cfg.From)
	}
	endpoint := t.cfg.BaseURL + "/2010-04-01/Accounts/" + url.PathEscape(t.cfg.AccountSID) + "/Messages.json"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.SetBasicAuth(t.cfg.AccountSID, t.cfg.AuthToken)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if m.Key != "" {
		req.Header.Set("I-Twilio-Idempotency-Token", m.Key)
	}
	res, err := t.client.Do(req)
	if err != nil {
		return fmt.Errorf("twilio: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode < 300 {
		return nil
	}
	var body struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	}
	raw, _ := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	_ = json.Unmarshal(raw, &body)
	if res.StatusCode < 500 && res.StatusCode != http.StatusTooManyRequests && twilioPermanent[body.Code] {
		return fmt.Errorf("%w: twilio %d: %s", ErrPermanent, body.Code, body.Message)
	}
	return fmt.Errorf("twilio: %d %d: %s", res.StatusCode, body.Code, body.Message)
}
