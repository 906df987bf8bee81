// Package app is the composition root: it reads the configuration, builds every domain and
// wires their routes, workers and periodic jobs. It is the only package that knows them all.
package app

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/steadyhq/steady/internal/billing"
	"github.com/steadyhq/steady/internal/billing/devstripe"
	"github.com/steadyhq/steady/internal/db"
	"github.com/steadyhq/steady/internal/notify"
	"github.com/steadyhq/steady/internal/seal"
)

// Config is every setting Steady reads, all from environment variables.
type Config struct {
	Env                  string         // STEADY_ENV: development (default) or production
	Addr                 string         // STEADY_ADDR: listen address, default :8080
	PublicURL            string         // STEADY_PUBLIC_URL: where people reach Steady, default http://localhost:8080
	DatabaseURL          string         // DATABASE_URL: the application role's connection (required)
	MigrationDatabaseURL string         // MIGRATION_DATABASE_URL: the schema owner's connection, for migrate
	LogFormat            string         // STEADY_LOG_FORMAT: text (default in development) or json
	ShutdownGrace        time.Duration  // STEADY_SHUTDOWN_GRACE: time to finish requests and jobs, default 25s
	DrainDelay           time.Duration  // STEADY_DRAIN_DELAY: on SIGTERM, /readyz answers 503 this long while requests are still served, default 0s (5s in production)
	PprofAddr            string         // STEADY_PPROF_ADDR: off when unset; a loopback host:port (127.0.0.1:6060) serves Go's profiles
	DBPooler             string         // STEADY_DB_POOLER: none (default) or transaction: PgBouncer in transaction pooling mode sits before PostgreSQL
	SMTPHost             string         // SMTP_HOST: unset means the dev mailbox
	Stripe               billing.Config // STEADY_STRIPE_*, STEADY_BILLING_GRACE_DAYS
	StripeMockURL        string         // STEADY_STRIPE_MOCK_URL: stripe-mock, for the demo's stand-in (development, no key)
	SMTPPort             int            // SMTP_PORT: default 587
	SMTPUsername         string         // SMTP_USERNAME
	SMTPPassword         string         // SMTP_PASSWORD
	SMTPFrom             string         // SMTP_FROM: default Steady <no-reply@localhost>
	SMTPTLS              string         // SMTP_TLS: mandatory (default), opportunistic or none
	SecretKey            []byte         // STEADY_SECRET_KEY: 32 bytes, base64; seals two-factor secrets and wraps data keys (required in production)
	PreviousSecretKeys   [][]byte       // STEADY_PREVIOUS_SECRET_KEYS: the keys STEADY_SECRET_KEY replaced, until `steady keys rotate` is done
	JobRescueAfter       time.Duration  // STEADY_JOB_RESCUE_AFTER: a job running this long (its worker died) is run again, default 1h
	TwilioAccountSID     string         // TWILIO_ACCOUNT_SID: unset means texts go to the dev mailbox (development) or are not sent
	TwilioAuthToken      string         // TWILIO_AUTH_TOKEN
	TwilioFrom           string         // TWILIO_FROM: a number in E.164 or a Messaging Service SID (MG…)
	// STEADY_CLOSED_PRACTICE_RETENTION_DAYS: how long a closed practice's data is kept before it
	// is deleted, default 2557 (seven years, practicedata.DefaultRetention)
	ClosedPracticeRetentionDays int

	// now replaces the clock of the auth rules in tests (TOTP steps, expiries, rate windows).
	now func() time.Time
}

// SetClock runs the app on now instead of the real clock. Tests use it to step through TOTP
// windows, expiries and rate windows without waiting; nil restores the real clock.
func (c *Config) SetClock(now func() time.Time) { c.now = now }

// Clock is the clock the app runs on: the one SetClock gave, else the real one.
func (c Config) Clock() func() time.Time {
	if c.now == nil {
		return time.Now
	}
	return c.now
}

// LoadConfig reads the environment. It reports every problem at once.
func LoadConfig() (Config, error) {
	c := Config{
		Env:                  env("STEADY_ENV", "development"),
		Addr:                 env("STEADY_ADDR", ":8080"),
		PublicURL:            strings.TrimRight(env("STEADY_PUBLIC_URL", "http://localhost:8080"), "/"),
		DatabaseURL:          os.Getenv("DATABASE_URL"),
		MigrationDatabaseURL: os.Getenv("MIGRATION_DATABASE_URL"),
		SMTPHost:             os.Getenv("SMTP_HOST"),
		SMTPUsername:         os.Getenv("SMTP_USERNAME"),
		SMTPPassword:         os.Getenv("SMTP_PASSWORD"),
		SMTPFrom:             env("SMTP_FROM", "Steady <no-reply@localhost>"),
		SMTPTLS:              env("SMTP_TLS", "mandatory"),
		TwilioAccountSID:     os.Getenv("TWILIO_ACCOUNT_SID"),
		TwilioAuthToken:      os.Getenv("TWILIO_AUTH_TOKEN"),
		TwilioFrom:           os.Getenv("TWILIO_FROM"),
	}
	var errs []error
	var err error
	if c.Stripe, err = stripeConfig(); err != nil {
		errs = append(errs, err)
	}
	if c.Stripe.SecretKey != "" && c.Stripe.WebhookSecret == "" {
		errs = append(errs, errors.New("STEADY_STRIPE_WEBHOOK_SECRET is required with STEADY_STRIPE_SECRET_KEY (the endpoint's whsec_… secret)"))
	}
	if err := c.demoStripe(); err != nil {
		errs = append(errs, err)
	}
	c.LogFormat = env("STEADY_LOG_FORMAT", map[bool]string{true: "json", false: "text"}[c.Env == "production"])
	if c.ShutdownGrace, err = time.ParseDuration(env("STEADY_SHUTDOWN_GRACE", "25s")); err != nil {
		errs = append(errs, fmt.Errorf("STEADY_SHUTDOWN_GRACE: %w", err))
	}
	// In production a load balancer needs the time to take a stopping replica out; in
	// development Ctrl-C stops at once.
	drain := map[bool]string{true: "5s", false: "0s"}[c.Env == "production"]
	if c.DrainDelay, err = time.ParseDuration(env("STEADY_DRAIN_DELAY", drain)); err != nil || c.DrainDelay < 0 {
		errs = append(errs, errors.New("STEADY_DRAIN_DELAY must be a duration of 0s or more, like 5s"))
	}
	if c.PprofAddr = os.Getenv("STEADY_PPROF_ADDR"); c.PprofAddr != "" && !loopback(c.PprofAddr) {
		errs = append(errs, fmt.Errorf("STEADY_PPROF_ADDR must be a loopback address and port, like 127.0.0.1:6060, not %q: "+
			"profiles show the process's memory and are never served beyond the machine", c.PprofAddr))
	}
	if c.DBPooler = env("STEADY_DB_POOLER", "none"); c.DBPooler != "none" && c.DBPooler != "transaction" {
		errs = append(errs, fmt.Errorf("STEADY_DB_POOLER must be none or transaction, not %q", c.DBPooler))
	}
	if c.JobRescueAfter, err = time.ParseDuration(env("STEADY_JOB_RESCUE_AFTER", "1h")); err != nil || c.JobRescueAfter < 2*time.Second {
		errs = append(errs, fmt.Errorf("STEADY_JOB_RESCUE_AFTER must be a duration of at least 2s, like 1h"))
	}
	if c.ClosedPracticeRetentionDays, err = strconv.Atoi(env("STEADY_CLOSED_PRACTICE_RETENTION_DAYS", "2557")); err != nil ||
		c.ClosedPracticeRetentionDays < 1 {
		errs = append(errs, errors.New("STEADY_CLOSED_PRACTICE_RETENTION_DAYS must be a whole number of days, 1 or more (default 2557, seven years)"))
	}
	if c.SMTPPort, err = strconv.Atoi(env("SMTP_PORT", "587")); err != nil {
		errs = append(errs, fmt.Errorf("SMTP_PORT: %w", err))
	}
	for _, old := range strings.Fields(strings.ReplaceAll(os.Getenv("STEADY_PREVIOUS_SECRET_KEYS"), ",", " ")) {
		if k, err := parseSecretKey(old); err != nil {
			errs = append(errs, fmt.Errorf("STEADY_PREVIOUS_SECRET_KEYS: %w", err))
		} else {
			c.PreviousSecretKeys = append(c.PreviousSecretKeys, k)
		}
	}
	if c.SecretKey, err = parseSecretKey(os.Getenv("STEADY_SECRET_KEY")); err != nil {
		errs = append(errs, err)
	}
	if c.MigrationDatabaseURL == "" {
		c.MigrationDatabaseURL = c.DatabaseURL
	}
	if c.DatabaseURL == "" {
		errs = append(errs, errors.New("DATABASE_URL is required (make run starts a private PostgreSQL and sets it)"))
	}
	if c.Env != "development" && c.Env != "production" {
		errs = append(errs, fmt.Errorf("STEADY_ENV must be development or production, not %q", c.Env))
	}
	if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		errs = append(errs, fmt.Errorf("STEADY_PUBLIC_URL must be an http(s) URL, not %q", c.PublicURL))
	}
	if c.Env == "production" && c.SMTPHost == "" {
		errs = append(errs, errors.New("SMTP_HOST is required in production (the dev mailbox is for development only)"))
	}
	if c.Env == "production" && !strings.HasPrefix(c.PublicURL, "https://") {
		errs = append(errs, errors.New("STEADY_PUBLIC_URL must be https in production"))
	}
	if c.Env == "production" && len(c.SecretKey) == 0 {
		errs = append(errs, errors.New("STEADY_SECRET_KEY is required in production (32 random bytes, base64: openssl rand -base64 32)"))
	}
	if twilio := []string{c.TwilioAccountSID, c.TwilioAuthToken, c.TwilioFrom}; strings.Join(twilio, "") != "" &&
		(twilio[0] == "" || twilio[1] == "" || twilio[2] == "") {
		errs = append(errs, errors.New("TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_FROM go together: set all three or none"))
	}
	return c, errors.Join(errs...)
}

// loopback reports whether addr is a host:port on this machine only.
func loopback(addr string) bool {
	host, port, err := net.SplitHostPort(addr)
	if err != nil || port == "" {
		return false
	}
	ip := net.ParseIP(host)
	return host == "localhost" || (ip != nil && ip.IsLoopback())
}

func env(key, def string) string {
	if v, ok := os.LookupEnv(key); ok && v != "" {
		return v
	}
	return def
}

// Secure reports whether cookies must be Secure: always, except on plain-http localhost.
func (c Config) Secure() bool {
	u, err := url.Parse(c.PublicURL)
	if err != nil {
		return true
	}
	host := u.Hostname()
	local := host == "localhost" || host == "127.0.0.1" || host == "::1"
	return !(u.Scheme == "http" && local)
}

// parseSecretKey decodes STEADY_SECRET_KEY; empty is allowed here (development falls back
// to a fixed key, production is refused in LoadConfig).
func parseSecretKey(s string) ([]byte, error) {
	if s == "" {
		return nil, nil
	}
	key, err := base64.StdEncoding.DecodeString(strings.TrimSpace(s))
	if err != nil || len(key) != seal.KeySize {
		return nil, fmt.Errorf("STEADY_SECRET_KEY must be %d random bytes in base64 (openssl rand -base64 32)", seal.KeySize)
	}
	return key, nil
}

// sealKey is the key that seals two-factor secrets. Without STEADY_SECRET_KEY, development
// uses a fixed key, and says so: secrets sealed with it are as good as plain text.
func (c Config) sealKey(log *slog.Logger) (*seal.Key, error) {
	if len(c.SecretKey) > 0 {
		return seal.NewKey(c.SecretKey)
	}
	if c.Env == "production" {
		return nil, errors.New("STEADY_SECRET_KEY is required in production")
	}
	log.Warn("STEADY_SECRET_KEY is not set: two-factor secrets are sealed with a fixed development key; set it in any real deployment")
	return seal.DevKey(), nil
}

// texter picks where texts go: Twilio when configured, else the dev mailbox in development,
// else nowhere (a text reminder then fails saying texts are not set up).
func (c Config) texter(mailer any) (notify.Texter, error) {
	if c.TwilioAccountSID != "" {
		return notify.NewTwilio(notify.TwilioConfig{AccountSID: c.TwilioAccountSID, AuthToken: c.TwilioAuthToken, From: c.TwilioFrom})
	}
	if mb, ok := mailer.(*notify.Mailbox); ok {
		return mb, nil
	}
	return nil, nil
}

// closedRetention is how long a closed practice's data is kept; 0 (a config built in code)
// is the default, practicedata.DefaultRetention.
func (c Config) closedRetention() time.Duration {
	return time.Duration(c.ClosedPracticeRetentionDays) * 24 * time.Hour
}

// rescueAfter is JobRescueAfter, or River's own default when the config was built in code.
func (c Config) rescueAfter() time.Duration {
	if c.JobRescueAfter == 0 {
		return time.Hour
	}
	return c.JobRescueAfter
}

// transactionPooler reports whether the connections go through a pooler in transaction mode
// (STEADY_DB_POOLER=transaction): then nothing may hold on to a server session, so pgx names
// no prepared statements (db.Options) and River polls instead of using LISTEN, which would
// listen on a server connection lent to others a moment later (deploy/replicas.md).
func (c Config) transactionPooler() bool { return c.DBPooler == "transaction" }

// dbOptions is how the app's pool reaches PostgreSQL.
func (c Config) dbOptions() db.Options { return db.Options{TransactionPooler: c.transactionPooler()} }

// DevMailbox reports whether email goes to the development mailbox.
func (c Config) DevMailbox() bool { return c.SMTPHost == "" }

// LogValue lists the settings for the start-up log with every secret masked.
func (c Config) LogValue() []any {
	return []any{"env", c.Env, "addr", c.Addr, "public_url", c.PublicURL,
		"database_url", maskURL(c.DatabaseURL), "migration_database_url", maskURL(c.MigrationDatabaseURL),
		"smtp_host", c.SMTPHost, "smtp_port", c.SMTPPort, "smtp_username", c.SMTPUsername,
		"smtp_password", mask(c.SMTPPassword), "smtp_tls", c.SMTPTLS, "dev_mailbox", c.DevMailbox(),
		"secret_key", map[bool]string{true: "********", false: "unset (development key)"}[len(c.SecretKey) > 0],
		"secure_cookies", c.Secure(), "shutdown_grace", c.ShutdownGrace.String(), "drain_delay", c.DrainDelay.String(),
		"db_pooler", c.DBPooler,
		"twilio_account_sid", c.TwilioAccountSID, "twilio_auth_token", mask(c.TwilioAuthToken), "twilio_from", c.TwilioFrom,
		"billing", c.billingMode(), "stripe_secret_key", mask(c.Stripe.SecretKey),
		"closed_practice_retention_days", c.ClosedPracticeRetentionDays}
}

func mask(s string) string {
	if s == "" {
		return ""
	}
	return "********"
}

func maskURL(s string) string {
	u, err := url.Parse(s)
	if err != nil || s == "" {
		return mask(s)
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "********")
	}
	return strings.Replace(u.String(), "%2A%2A%2A%2A%2A%2A%2A%2A", "********", 1)
}

// stripeConfig reads how Steady reaches Stripe.
func stripeConfig() (billing.Config, error) {
	c := billing.Config{SecretKey: os.Getenv("STEADY_STRIPE_SECRET_KEY"),
		WebhookSecret: os.Getenv("STEADY_STRIPE_WEBHOOK_SECRET"), APIURL: os.Getenv("STEADY_STRIPE_API_URL"),
		Prices: billing.Prices{Monthly: os.Getenv("STEADY_STRIPE_PRICE_MONTHLY"), Yearly: os.Getenv("STEADY_STRIPE_PRICE_YEARLY")}}
	var err error
	if days := os.Getenv("STEADY_BILLING_GRACE_DAYS"); days != "" {
		if c.GraceDays, err = strconv.Atoi(days); err != nil || c.GraceDays < 1 || c.GraceDays > 90 {
			err = errors.New("STEADY_BILLING_GRACE_DAYS must be a whole number of days from 1 to 90")
		}
	}
	return c, err
}

// demoStripe runs billing against the development stand-in (internal/billing/devstripe) when
// no Stripe key is set and make run started stripe-mock: the demo's prices, a fresh webhook
// secret, and the stand-in's address under the server's own.
func (c *Config) demoStripe() error {
	c.StripeMockURL = os.Getenv("STEADY_STRIPE_MOCK_URL")
	if c.StripeMockURL == "" || c.Stripe.SecretKey != "" {
		c.StripeMockURL = ""
		return nil
	}
	if c.Env != "development" {
		return errors.New("STEADY_STRIPE_MOCK_URL is for development only: set STEADY_STRIPE_SECRET_KEY in production")
	}
	secret := make([]byte, 24)
	if _, err := rand.Read(secret); err != nil {
		return err
	}
	c.Stripe = billing.Config{SecretKey: "sk_test_steadydemo", WebhookSecret: "whsec_" + hex.EncodeToString(secret),
		APIURL: c.PublicURL + devstripe.Prefix, GraceDays: c.Stripe.GraceDays,
		Prices: billing.Prices{Monthly: devstripe.MonthlyPrice, Yearly: devstripe.YearlyPrice}}
	return nil
}

// billingMode says how billing runs, for the start-up log.
func (c Config) billingMode() string {
	switch {
	case c.StripeMockURL != "":
		return "demo stand-in over stripe-mock (no money moves)"
	case c.Stripe.SecretKey == "":
		return "off: no Stripe key, every practice in full standing"
	case strings.HasPrefix(c.Stripe.SecretKey, "sk_live_"):
		return "stripe live mode"
	}
	return "stripe test mode"
}
