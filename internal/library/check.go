package library

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/steadyhq/steady/internal/validate"
)

// Limits of a definition. library.schema.json says the same; a test keeps them in step.
const (
	maxSlug      = 60
	maxTitle     = 80
	maxSummary   = 200
	maxGuidance  = 600 // why, watch_out and a field's help
	maxLabel     = 300 // labels, scale ends, option labels, step questions
	maxText      = 2000
	maxFields    = 30
	maxOptions   = 20
	maxSteps     = 60
	minMinutes   = 1
	maxMinutes   = 120
	programme    = "programme"
	idRule       = "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 40 characters)"
	onlyOnScale  = "is only used by scale fields"
	onlyOnChoice = "are only used by checklist, single choice and multiple choice fields"
)

var (
	slugPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	idPattern   = regexp.MustCompile(`^[a-z][a-z0-9_]{0,39}$`)
)

// Check reports everything wrong with d, keyed by the JSON path of the offending value
// ("title", "fields.2.label", "fields.0.options.1.id", "steps.4.question"). It guards the
// built-in library and the templates clinicians build in the form editor, so the messages
// are written for a clinician, not a programmer.
func (d *Definition) Check() error {
	e := validate.Errors{}
	d.checkHead(e)
	if d.Cadence == programme {
		d.checkProgramme(e)
	} else {
		d.checkFields(e)
	}
	return e.Err()
}

// checkHead checks the values every exercise has, whatever its cadence.
func (d *Definition) checkHead(e validate.Errors) {
	switch {
	case d.Slug == "":
		e.Add("slug", "is required")
	case len(d.Slug) > maxSlug:
		e.Add("slug", "must be at most "+strconv.Itoa(maxSlug)+" characters")
	case !slugPattern.MatchString(d.Slug):
		e.Add("slug", `must be lowercase letters and digits, words joined by single hyphens, like "daily-check-in"`)
	}
	checkText(e, "title", d.Title, maxTitle, true)
	checkText(e, "summary", d.Summary, maxSummary, true)
	checkText(e, "why", d.Why, maxGuidance, true)
	checkText(e, "watch_out", d.WatchOut, maxGuidance, true)
	checkText(e, "intro", d.Intro, maxText, false)
	checkChoice(e, "modality", d.Modality, Modalities)
	checkChoice(e, "audience", d.Audience, Audiences)
	checkChoice(e, "phase", d.Phase, Phases)
	checkChoice(e, "cadence", d.Cadence, Cadences)
	if d.Minutes < minMinutes || d.Minutes > maxMinutes {
		e.Add("minutes", "must be a whole number of minutes from 1 to 120")
	}
}

// checkProgramme checks a programme: steps, one a day, and no fields of its own (each
// day's fields come from FieldsFor).
func (d *Definition) checkProgramme(e validate.Errors) {
	if len(d.Fields) > 0 {
		e.Add("fields", "must be empty: a programme is made of steps, and each step brings its own question")
	}
	switch {
	case len(d.Steps) == 0:
		e.Add("steps", "a programme needs at least one step")
	case len(d.Steps) > maxSteps:
		e.Add("steps", "may have at most "+strconv.Itoa(maxSteps)+" steps")
	}
	for i, s := range d.Steps {
		p := "steps." + strconv.Itoa(i) + "."
		checkText(e, p+"title", s.Title, maxTitle, true)
		checkText(e, p+"principle", s.Principle, maxText, true)
		checkText(e, p+"question", s.Question, maxLabel, true)
	}
}

// checkFields checks the fields of anything that is not a programme.
func (d *Definition) checkFields(e validate.Errors) {
	if len(d.Steps) > 0 {
		e.Add("steps", `only a programme has steps; set the cadence to "programme" or remove the steps`)
	}
	switch {
	case len(d.Fields) == 0:
		e.Add("fields", "needs at least one field")
	case len(d.Fields) > maxFields:
		e.Add("fields", "may have at most "+strconv.Itoa(maxFields)+" fields")
	}
	seen := map[string]bool{}
	for i := range d.Fields {
		p := "fields." + strconv.Itoa(i)
		checkField(e, p, &d.Fields[i])
		if id := d.Fields[i].ID; id != "" && seen[id] {
			e.Add(p+".id", "is already used by another field; each field needs its own id")
		}
		seen[d.Fields[i].ID] = true
	}
}

// checkField checks one field, p being its path ("fields.3").
func checkField(e validate.Errors, p string, f *Field) {
	checkID(e, p+".id", f.ID)
	checkChoice(e, p+".type", f.Type, FieldTypes)
	checkText(e, p+".label", f.Label, maxLabel, true)
	checkText(e, p+".help", f.Help, maxGuidance, false)
	checkScaleLabels(e, p, f)
	checkOptions(e, p, f)
	if f.Type == Script {
		checkText(e, p+".text", f.Text, maxText, true)
	} else if f.Text != "" {
		e.Add(p+".text", "is only used by script fields")
	}
	checkMaxLength(e, p, f)
}

// checkScaleLabels insists on both ends of a scale, so a client always knows what 0 and 10
// mean, and refuses them anywhere else.
func checkScaleLabels(e validate.Errors, p string, f *Field) {
	if f.Type == Scale {
		checkText(e, p+".min_label", f.MinLabel, maxLabel, true)
		checkText(e, p+".max_label", f.MaxLabel, maxLabel, true)
		return
	}
	if f.MinLabel != "" {
		e.Add(p+".min_label", onlyOnScale)
	}
	if f.MaxLabel != "" {
		e.Add(p+".max_label", onlyOnScale)
	}
}

// checkOptions checks the choices of a checklist or choice field.
func checkOptions(e validate.Errors, p string, f *Field) {
	if !hasOptions(f.Type) {
		if len(f.Options) > 0 {
			e.Add(p+".options", onlyOnChoice)
		}
		return
	}
	switch {
	case len(f.Options) < 2:
		e.Add(p+".options", "need at least 2 choices")
	case len(f.Options) > maxOptions:
		e.Add(p+".options", "may have at most "+strconv.Itoa(maxOptions)+" choices")
	}
	seen := map[string]bool{}
	for i, o := range f.Options {
		q := p + ".options." + strconv.Itoa(i)
		checkID(e, q+".id", o.ID)
		if o.ID != "" && seen[o.ID] {
			e.Add(q+".id", "is already used by another choice of this field; each choice needs its own id")
		}
		seen[o.ID] = true
		checkText(e, q+".label", o.Label, maxLabel, true)
	}
}

// checkMaxLength allows a limit on text fields only; 0 means the default for the type.
func checkMaxLength(e validate.Errors, p string, f *Field) {
	switch {
	case f.MaxLength == 0:
	case f.Type != ShortText && f.Type != LongText:
		e.Add(p+".max_length", "is only used by short and long text fields")
	case f.MaxLength < 1 || f.MaxLength > LongTextMax:
		e.Add(p+".max_length", "must be from 1 to "+strconv.Itoa(LongTextMax)+" characters")
	}
}

// hasOptions reports whether a field type is answered by picking from options.
func hasOptions(typ string) bool {
	return typ == Checklist || typ == SingleChoice || typ == MultiChoice
}

func checkID(e validate.Errors, key, id string) {
	switch {
	case id == "":
		e.Add(key, "is required")
	case !idPattern.MatchString(id):
		e.Add(key, idRule)
	}
}

func checkChoice(e validate.Errors, key, value string, allowed []string) {
	switch {
	case value == "":
		e.Add(key, "is required")
	case !slices.Contains(allowed, value):
		e.Add(key, "must be one of: "+strings.Join(allowed, ", "))
	}
}

// checkText checks text shown to clients. Any character is fine (pages escape what they
// show) except control characters, which no one types on purpose and which can hide text.
func checkText(e validate.Errors, key, value string, max int, required bool) {
	switch {
	case strings.TrimSpace(value) == "":
		if required {
			e.Add(key, "is required")
		} else if value != "" {
			e.Add(key, "must not be only spaces; leave it empty instead")
		}
	case utf8.RuneCountInString(value) > max:
		e.Add(key, "must be at most "+strconv.Itoa(max)+" characters")
	case !utf8.ValidString(value):
		e.Add(key, "must be valid UTF-8 text")
	case hasControl(value):
		e.Add(key, "must not contain control characters (line breaks and tabs are fine)")
	}
}

// hasControl reports a control character other than newline and tab.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\n' && r != '\t'
	})
}
