package library

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

func TestCheckAcceptsValid(t *testing.T) {
	t.Parallel()
	d := validExercise()
	require.NoError(t, d.Check())
	p := validProgramme()
	require.NoError(t, p.Check())
	// Any visible character is fine in text, markup included: pages escape what they show.
	d.Title = `Zoë's "<b>check</b>" & 日本語`
	d.Intro = "Line one\n\tLine two"
	require.NoError(t, d.Check())
}

// TestCheckMessages pins the exact messages a clinician sees in the template editor.
func TestCheckMessages(t *testing.T) {
	t.Parallel()
	many := func(n int, f Field) []Field {
		out := make([]Field, n)
		for i := range out {
			out[i] = f
			out[i].ID = "f" + strings.Repeat("x", i%30) + string(rune('a'+i/30))
		}
		return out
	}
	options := func(n int) []Option {
		out := make([]Option, n)
		for i := range out {
			out[i] = Option{ID: "o" + string(rune('a'+i)), Label: "x"}
		}
		return out
	}
	cases := []struct {
		name   string
		build  func() Definition
		change func(d *Definition)
		key    string
		msg    string
	}{
		{"empty slug", validExercise, func(d *Definition) { d.Slug = "" }, "slug", "is required"},
		{"slug shape", validExercise, func(d *Definition) { d.Slug = "a--b" }, "slug", `must be lowercase letters and digits, words joined by single hyphens, like "daily-check-in"`},
		{"slug length", validExercise, func(d *Definition) { d.Slug = strings.Repeat("a", 61) }, "slug", "must be at most 60 characters"},
		{"title required", validExercise, func(d *Definition) { d.Title = " " }, "title", "is required"},
		{"title length counts characters", validExercise, func(d *Definition) { d.Title = strings.Repeat("é", 81) }, "title", "must be at most 80 characters"},
		{"title of 80 é is fine", validExercise, func(d *Definition) { d.Title = strings.Repeat("é", 80) }, "", ""},
		{"control character", validExercise, func(d *Definition) { d.Summary = "a\rb" }, "summary", "must not contain control characters (line breaks and tabs are fine)"},
		{"C1 control character", validExercise, func(d *Definition) { d.Why = "a\u0085b" }, "why", "must not contain control characters (line breaks and tabs are fine)"},
		{"blank intro", validExercise, func(d *Definition) { d.Intro = "  " }, "intro", "must not be only spaces; leave it empty instead"},
		{"modality", validExercise, func(d *Definition) { d.Modality = "cbt" }, "modality", "must be one of: gottman, eft, general"},
		{"audience", validExercise, func(d *Definition) { d.Audience = "" }, "audience", "is required"},
		{"minutes", validExercise, func(d *Definition) { d.Minutes = -1 }, "minutes", "must be a whole number of minutes from 1 to 120"},
		{"no fields", validExercise, func(d *Definition) { d.Fields = nil }, "fields", "needs at least one field"},
		{"31 fields", validExercise, func(d *Definition) { d.Fields = many(31, validExercise().Fields[3]) }, "fields", "may have at most 30 fields"},
		{"30 fields", validExercise, func(d *Definition) { d.Fields = many(30, validExercise().Fields[3]) }, "", ""},
		{"steps on an exercise", validExercise, func(d *Definition) { d.Steps = validProgramme().Steps }, "steps", `only a programme has steps; set the cadence to "programme" or remove the steps`},
		{"duplicate field id", validExercise, func(d *Definition) { d.Fields[3].ID = "mood" }, "fields.3.id", "is already used by another field; each field needs its own id"},
		{"field id shape", validExercise, func(d *Definition) { d.Fields[3].ID = "Note" }, "fields.3.id", "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 40 characters)"},
		{"field id length", validExercise, func(d *Definition) { d.Fields[3].ID = "n" + strings.Repeat("x", 40) }, "fields.3.id", "must start with a lowercase letter and use only lowercase letters, digits and underscores (at most 40 characters)"},
		{"field type", validExercise, func(d *Definition) { d.Fields[3].Type = "date" }, "fields.3.type", "must be one of: short_text, long_text, scale, yes_no, checklist, single_choice, multi_choice, script"},
		{"label", validExercise, func(d *Definition) { d.Fields[1].Label = strings.Repeat("l", 301) }, "fields.1.label", "must be at most 300 characters"},
		{"scale min label", validExercise, func(d *Definition) { d.Fields[0].MinLabel = "" }, "fields.0.min_label", "is required"},
		{"max label elsewhere", validExercise, func(d *Definition) { d.Fields[2].MaxLabel = "x" }, "fields.2.max_label", "is only used by scale fields"},
		{"one option", validExercise, func(d *Definition) { d.Fields[1].Options = options(1) }, "fields.1.options", "need at least 2 choices"},
		{"21 options", validExercise, func(d *Definition) { d.Fields[1].Options = options(21) }, "fields.1.options", "may have at most 20 choices"},
		{"options elsewhere", validExercise, func(d *Definition) { d.Fields[3].Options = options(2) }, "fields.3.options", "are only used by checklist, single choice and multiple choice fields"},
		{"duplicate option id", validExercise, func(d *Definition) { d.Fields[1].Options[1].ID = "a" }, "fields.1.options.1.id", "is already used by another choice of this field; each choice needs its own id"},
		{"option label", validExercise, func(d *Definition) { d.Fields[1].Options[0].Label = "" }, "fields.1.options.0.label", "is required"},
		{"script text", validExercise, func(d *Definition) { d.Fields[2].Text = "" }, "fields.2.text", "is required"},
		{"script text length", validExercise, func(d *Definition) { d.Fields[2].Text = strings.Repeat("s", 2001) }, "fields.2.text", "must be at most 2000 characters"},
		{"text elsewhere", validExercise, func(d *Definition) { d.Fields[3].Text = "x" }, "fields.3.text", "is only used by script fields"},
		{"max length on script", validExercise, func(d *Definition) { d.Fields[2].MaxLength = 5 }, "fields.2.max_length", "is only used by short and long text fields"},
		{"negative max length", validExercise, func(d *Definition) { d.Fields[3].MaxLength = -1 }, "fields.3.max_length", "must be from 1 to 10000 characters"},
		{"programme fields", validProgramme, func(d *Definition) { d.Fields = validExercise().Fields }, "fields", "must be empty: a programme is made of steps, and each step brings its own question"},
		{"programme steps", validProgramme, func(d *Definition) { d.Steps = nil }, "steps", "a programme needs at least one step"},
		{"61 steps", validProgramme, func(d *Definition) { d.Steps = make([]Step, 61) }, "steps", "may have at most 60 steps"},
		{"step title", validProgramme, func(d *Definition) { d.Steps[0].Title = strings.Repeat("t", 81) }, "steps.0.title", "must be at most 80 characters"},
		{"step principle", validProgramme, func(d *Definition) { d.Steps[0].Principle = "" }, "steps.0.principle", "is required"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := c.build()
			c.change(&d)
			err := d.Check()
			if c.key == "" {
				require.NoError(t, err)
				return
			}
			var ve validate.Errors
			require.ErrorAs(t, err, &ve)
			require.Equal(t, c.msg, ve[c.key], "%v", ve)
		})
	}
}

// TestCheckReportsEverything shows that one pass reports every problem, so a clinician can
// fix the whole form at once.
func TestCheckReportsEverything(t *testing.T) {
	t.Parallel()
	d := validExercise()
	d.Title, d.Minutes = "", 0
	d.Fields[0].MaxLabel = ""
	d.Fields[1].Options[0].ID = "B"
	var ve validate.Errors
	require.ErrorAs(t, d.Check(), &ve)
	require.Equal(t, []string{"fields.0.max_label", "fields.1.options.0.id", "minutes", "title"}, sortedKeys(ve))
}

func sortedKeys(e validate.Errors) []string {
	keys := make([]string, 0, len(e))
	for k := range e {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
