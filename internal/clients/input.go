package clients

import (
	"strings"

	"github.com/google/uuid"
	"github.com/nyaruka/phonenumbers"

	"github.com/steadyhq/steady/internal/validate"
)

// Input is what a clinician enters for a client.
type Input struct {
	Name          string
	PreferredName string
	Pronouns      string
	Email         string
	Mobile        string
	TimeZone      string
	ConsentEmail  bool
	ConsentSMS    bool
	ClinicianIDs  []uuid.UUID
}

// normalize checks in and returns it cleaned: email lower-case, mobile in E.164.
func (in Input) normalize() (Input, error) {
	v := validate.Errors{}
	v.Name("name", in.Name, 120)
	if in.PreferredName != "" {
		v.Name("preferred_name", in.PreferredName, 60)
	}
	if in.Pronouns != "" {
		v.Name("pronouns", in.Pronouns, 40)
	}
	in.Email = validate.NormalizeEmail(in.Email)
	if in.Email != "" {
		v.Email("email", in.Email)
	}
	if in.Mobile != "" {
		if e164, ok := toE164(in.Mobile); ok {
			in.Mobile = e164
		} else {
			v.Add("mobile", "must be a mobile number with its country code, like +44 7700 900123")
		}
	}
	TimeZone(v, "time_zone", in.TimeZone)
	if in.ConsentEmail && in.Email == "" {
		v.Add("consent_email", "needs an email address to consent to")
	}
	if in.ConsentSMS && in.Mobile == "" {
		v.Add("consent_sms", "needs a mobile number to consent to")
	}
	if len(in.ClinicianIDs) > 20 {
		v.Add("clinician_ids", "may list at most 20 clinicians")
	}
	return in, v.Err()
}

// TimeZone checks an IANA time zone name such as Europe/London.
func TimeZone(v validate.Errors, field, name string) { v.TimeZone(field, name) }

func toE164(raw string) (string, bool) {
	if !strings.HasPrefix(strings.TrimSpace(raw), "+") {
		return "", false
	}
	num, err := phonenumbers.Parse(raw, "")
	if err != nil || !phonenumbers.IsValidNumber(num) {
		return "", false
	}
	return phonenumbers.Format(num, phonenumbers.E164), true
}
