// Package crisis holds what a client is shown when they may need help at once: the crisis
// services of the practice's country and what happens next, in the practice's words or
// Steady's defaults. It holds nothing clinical: the client's homework app may keep a copy for
// use offline, and it is shown only to the client who answered, never to a partner.
package crisis

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady/internal/validate"
)

// Resource is one service a client can turn to.
type Resource struct {
	Name    string `json:"name"`
	Contact string `json:"contact"`
	// Href, when set, makes the service a link: tel:, sms: or https: only.
	Href string `json:"href,omitempty"`
}

// Support is a practice's crisis support as the client sees it and as the API sends it.
type Support struct {
	Country   string     `json:"country"` // ISO 3166-1 alpha-2, or "" when not known
	Resources []Resource `json:"resources"`
	NextSteps string     `json:"next_steps"`
}

// Limits, also stated in the API document.
const (
	MaxResources = 10
	maxName      = 120
	maxContact   = 200
	maxHref      = 200
	maxNextSteps = 2000
)

var (
	countryCode = regexp.MustCompile(`^[A-Z]{2}$`)
	// A phone number after tel: or sms:, as written on a page: digits, +, spaces, - ( ) and dots.
	phoneNumber = regexp.MustCompile(`^\+?[(0-9][0-9 ().-]*[0-9]$`)
)

// ValidCountry reports whether code is two capital letters, as ISO 3166-1 alpha-2 writes them.
func ValidCountry(code string) bool { return countryCode.MatchString(code) }

// Clean trims what a practice typed and checks it, naming each problem under prefix (the field
// the support sits in, e.g. "crisis"). It returns the support as it would be stored.
func Clean(v validate.Errors, prefix string, in Support) Support {
	out := Support{Country: in.Country, NextSteps: cleanText(in.NextSteps)}
	if !ValidCountry(in.Country) {
		v.Add(prefix+".country", "must be a country's two-letter code in capitals, like US or GB")
	}
	switch {
	case len(in.Resources) == 0:
		v.Add(prefix+".resources", "needs at least one service a client can turn to")
	case len(in.Resources) > MaxResources:
		v.Add(prefix+".resources", fmt.Sprintf("can list at most %d services", MaxResources))
	}
	for i, r := range in.Resources {
		out.Resources = append(out.Resources, cleanResource(v, fmt.Sprintf("%s.resources.%d", prefix, i), r))
	}
	text(v, prefix+".next_steps", out.NextSteps, maxNextSteps, true)
	return out
}

func cleanResource(v validate.Errors, field string, in Resource) Resource {
	r := Resource{Name: strings.TrimSpace(in.Name), Contact: strings.TrimSpace(in.Contact), Href: strings.TrimSpace(in.Href)}
	text(v, field+".name", r.Name, maxName, false)
	text(v, field+".contact", r.Contact, maxContact, false)
	if msg := hrefProblem(r.Href); msg != "" {
		v.Add(field+".href", msg)
	}
	return r
}

// text checks a required, trimmed text; only next steps may run over several lines.
func text(v validate.Errors, field, s string, max int, multiline bool) {
	switch {
	case s == "":
		v.Add(field, "is required")
	case utf8.RuneCountInString(s) > max:
		v.Add(field, fmt.Sprintf("must be at most %d characters", max))
	case strings.ContainsFunc(s, func(r rune) bool { return unicode.IsControl(r) && !(multiline && r == '\n') }):
		if multiline {
			v.Add(field, "must not contain control characters")
		} else {
			v.Add(field, "must be a single line of text")
		}
	}
}

// cleanText trims and writes line breaks one way, so the same words always compare equal.
func cleanText(s string) string {
	return strings.TrimSpace(strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n"))
}

// hrefProblem explains what is wrong with a link, or returns "". A link a client taps in a
// crisis must do what it says: call, text or open a secure page, nothing else (no javascript:,
// no plain http:, no data:).
func hrefProblem(href string) string {
	if href == "" {
		return ""
	}
	if utf8.RuneCountInString(href) > maxHref {
		return fmt.Sprintf("must be at most %d characters", maxHref)
	}
	scheme, rest, _ := strings.Cut(href, ":")
	switch strings.ToLower(scheme) {
	case "tel", "sms":
		if scheme != strings.ToLower(scheme) || !phoneNumber.MatchString(rest) {
			return "must be a phone number after tel: or sms:, like tel:116123"
		}
		return ""
	case "https":
		u, err := url.Parse(href)
		if err != nil || scheme != "https" || u.Host == "" || u.User != nil || strings.ContainsAny(href, " \t\n") {
			return "must be a web address like https://www.samaritans.org"
		}
		return ""
	}
	return "must start with tel:, sms: or https:"
}

// sameContent reports whether two supports say the same to a client, country aside.
func sameContent(a, b Support) bool {
	return a.NextSteps == b.NextSteps && slices.Equal(a.Resources, b.Resources)
}
