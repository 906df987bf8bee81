package crisis

// The defaults are our own words and the services' own numbers. A practice that never edited
// its crisis support reads them fresh on every request (nothing is copied into its row), so a
// correction here reaches every such practice at once.

// defaultNextSteps tells the client what happens after a risk answer. It fits both kinds of
// risk item we have: thoughts of self-harm (PHQ-9 item 9) and not feeling safe with a partner.
const defaultNextSteps = "Your clinician has been told about this answer and will be in touch, usually by the " +
	"next working day. Steady is not watched around the clock. If you feel you might act on thoughts of " +
	"harming yourself, or you are not safe right now, contact one of the services above or go to your " +
	"nearest emergency department."

// tailored holds the countries with services of their own, in the order a client should try them.
var tailored = map[string][]Resource{
	"US": {
		{Name: "988 Suicide & Crisis Lifeline", Contact: "Call or text 988, any time", Href: "tel:988"},
		{Name: "Emergency services", Contact: "Call 911 if you are in danger now", Href: "tel:911"},
		{Name: "Crisis Text Line", Contact: "Text HOME to 741741, any time", Href: "sms:741741"},
	},
	"GB": {
		{Name: "Samaritans", Contact: "Call 116 123, free, any time", Href: "tel:116123"},
		{Name: "Emergency services", Contact: "Call 999 if you are in danger now", Href: "tel:999"},
		{Name: "NHS 111", Contact: "Call 111 and choose the mental health option (England)", Href: "tel:111"},
		{Name: "Shout", Contact: "Text SHOUT to 85258, free, any time", Href: "sms:85258"},
	},
}

// generic is all we can say without knowing the country; the settings page asks the practice
// to add its own services.
var generic = []Resource{{Name: "Emergency services", Contact: "Call your local emergency number"}}

// Default is Steady's crisis support for a country ("" when unknown). Tailored reports whether
// the country has services of its own rather than the generic line.
func Default(country string) (s Support, isTailored bool) {
	rs, ok := tailored[country]
	if !ok {
		rs = generic
	}
	return Support{Country: country, Resources: append([]Resource(nil), rs...), NextSteps: defaultNextSteps}, ok
}

// zoneCountry maps the time zones that say for certain which country a practice is in. It is a
// short explicit list, not a guess: any other zone gives "" and the generic default until the
// practice picks its country.
var zoneCountry = map[string]string{
	"Europe/London": "GB", "Europe/Belfast": "GB", "GB": "GB", "GB-Eire": "GB",

	"America/New_York": "US", "America/Chicago": "US", "America/Denver": "US", "America/Los_Angeles": "US",
	"America/Phoenix": "US", "America/Anchorage": "US", "America/Adak": "US", "America/Boise": "US",
	"America/Detroit": "US", "America/Juneau": "US", "America/Sitka": "US", "America/Yakutat": "US",
	"America/Nome": "US", "America/Metlakatla": "US", "America/Menominee": "US",
	"America/Indiana/Indianapolis": "US", "America/Indiana/Knox": "US", "America/Indiana/Marengo": "US",
	"America/Indiana/Petersburg": "US", "America/Indiana/Tell_City": "US", "America/Indiana/Vevay": "US",
	"America/Indiana/Vincennes": "US", "America/Indiana/Winamac": "US", "America/Indianapolis": "US",
	"America/Kentucky/Louisville": "US", "America/Kentucky/Monticello": "US", "America/Louisville": "US",
	"America/North_Dakota/Beulah": "US", "America/North_Dakota/Center": "US",
	"America/North_Dakota/New_Salem": "US", "Pacific/Honolulu": "US",
	"US/Eastern": "US", "US/Central": "US", "US/Mountain": "US", "US/Pacific": "US", "US/Alaska": "US",
	"US/Hawaii": "US", "US/Arizona": "US",
}

// CountryOfZone is the country a time zone implies, or "" when it does not say.
func CountryOfZone(zone string) string { return zoneCountry[zone] }
