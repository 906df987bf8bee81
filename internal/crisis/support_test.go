package crisis

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

func TestCountryOfZone(t *testing.T) {
	for zone, want := range map[string]string{
		"Europe/London": "GB", "Europe/Belfast": "GB", "America/New_York": "US", "America/Los_Angeles": "US",
		"America/Indiana/Indianapolis": "US", "Pacific/Honolulu": "US",
		// Not guessed: Canada and Mexico share America/, Ireland shares GMT.
		"America/Toronto": "", "America/Mexico_City": "", "Europe/Dublin": "", "UTC": "", "": "",
	} {
		require.Equal(t, want, CountryOfZone(zone), zone)
	}
}

func TestDefaults(t *testing.T) {
	us, ok := Default("US")
	require.True(t, ok)
	require.Equal(t, "tel:988", us.Resources[0].Href)
	gb, ok := Default("GB")
	require.True(t, ok)
	require.Equal(t, "Samaritans", gb.Resources[0].Name)
	ie, ok := Default("IE")
	require.False(t, ok)
	require.Equal(t, "IE", ie.Country)
	require.Equal(t, generic, ie.Resources)

	// Every default passes the checks a practice's own words must pass.
	for _, c := range []string{"US", "GB", "FR"} {
		d, _ := Default(c)
		v := validate.Errors{}
		require.Equal(t, d, Clean(v, "crisis", d), c)
		require.Empty(t, v, c)
	}

	// A caller changing its copy never changes the default.
	us.Resources[0].Name = "changed"
	again, _ := Default("US")
	require.Equal(t, "988 Suicide & Crisis Lifeline", again.Resources[0].Name)
}

func TestHrefs(t *testing.T) {
	for href, ok := range map[string]bool{
		"": true, "tel:988": true, "tel:+44 1632 960000": true, "sms:741741": true, "tel:(555) 010-0000": true,
		"https://www.samaritans.org": true, "https://988lifeline.org/chat/": true,
		"javascript:alert(1)": false, "JavaScript:alert(1)": false, "http://example.com": false,
		"data:text/html,x": false, "tel:": false, "tel:call-us": false, "TEL:988": false, "https://": false,
		"https://user:pw@example.com": false, "https:/relative": false, "mailto:help@example.com": false,
		"//example.com": false, "988": false, "https://" + strings.Repeat("a", 200) + ".com": false,
	} {
		require.Equal(t, ok, hrefProblem(href) == "", "%q: %s", href, hrefProblem(href))
	}
}

func TestCleanTrimsAndNamesEachProblem(t *testing.T) {
	v := validate.Errors{}
	out := Clean(v, "crisis", Support{Country: "GB", NextSteps: "  We will call.\r\nSoon.  ",
		Resources: []Resource{{Name: " Samaritans ", Contact: " Call 116 123 ", Href: " tel:116123 "}}})
	require.Empty(t, v)
	require.Equal(t, Support{Country: "GB", NextSteps: "We will call.\nSoon.",
		Resources: []Resource{{Name: "Samaritans", Contact: "Call 116 123", Href: "tel:116123"}}}, out)

	v = validate.Errors{}
	Clean(v, "crisis", Support{Country: "uk", NextSteps: strings.Repeat("x", 2001),
		Resources: []Resource{{Name: "", Contact: "Call\tus"}, {Name: "Line", Contact: "Call", Href: "http://x.org"}}})
	require.Equal(t, validate.Errors{
		"crisis.country":             "must be a country's two-letter code in capitals, like US or GB",
		"crisis.next_steps":          "must be at most 2000 characters",
		"crisis.resources.0.name":    "is required",
		"crisis.resources.0.contact": "must be a single line of text",
		"crisis.resources.1.href":    "must start with tel:, sms: or https:",
	}, v)

	v = validate.Errors{}
	Clean(v, "crisis", Support{Country: "US", NextSteps: "x", Resources: make([]Resource, 11)})
	require.Equal(t, "can list at most 10 services", v["crisis.resources"])
	v = validate.Errors{}
	Clean(v, "crisis", Support{Country: "US", NextSteps: "x"})
	require.Contains(t, v["crisis.resources"], "at least one")
}

func TestSameContentIgnoresTheCountry(t *testing.T) {
	us, _ := Default("US")
	require.True(t, sameContent(us, Support{Country: "CA", Resources: us.Resources, NextSteps: us.NextSteps}))
	other := us
	other.NextSteps += " "
	require.False(t, sameContent(us, other))
}
