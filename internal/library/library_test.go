package library

import (
	"bytes"
	"encoding/json"
	"errors"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/steadyhq/steady/internal/validate"
)

// schema compiles the embedded library.schema.json once for all tests.
var schema = sync.OnceValues(func() (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(LibrarySchema()))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("library.schema.json", doc); err != nil {
		return nil, err
	}
	return c.Compile("library.schema.json")
})

// asJSON turns a YAML document or a Definition into the plain JSON value the schema
// validator expects (maps, slices, strings, json.Number, bools).
func asJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	require.NoError(t, err)
	return doc
}

// schemaKeys lists the paths the schema complains about, written like Check's keys
// ("fields.0.max_label"), so both can be compared.
func schemaKeys(err error) []string {
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return nil
	}
	var keys []string
	var walk func(*jsonschema.ValidationError)
	walk = func(e *jsonschema.ValidationError) {
		at := strings.Join(e.InstanceLocation, ".")
		switch k := e.ErrorKind.(type) {
		case *kind.Required:
			for _, m := range k.Missing {
				keys = append(keys, strings.TrimPrefix(at+"."+m, "."))
			}
		case *kind.AdditionalProperties:
			for _, p := range k.Properties {
				keys = append(keys, strings.TrimPrefix(at+"."+p, "."))
			}
		default:
			keys = append(keys, at)
		}
		for _, c := range e.Causes {
			walk(c)
		}
	}
	walk(ve)
	return keys
}

func TestLibraryFilesMatchSchemaAndCheck(t *testing.T) {
	t.Parallel()
	sch, err := schema()
	require.NoError(t, err)
	names, err := libraryFiles.ReadDir("library")
	require.NoError(t, err)
	for _, n := range names {
		b, err := libraryFiles.ReadFile(path.Join("library", n.Name()))
		require.NoError(t, err)
		var doc any
		require.NoError(t, yaml.Unmarshal(b, &doc), n.Name())
		require.NoError(t, sch.Validate(asJSON(t, doc)), n.Name())
		d, err := parseExercise(n.Name(), b)
		require.NoError(t, err)
		require.NoError(t, d.Check(), n.Name())
	}
}

func TestLibraryLoadsSortedAndCopied(t *testing.T) {
	t.Parallel()
	defs, err := Library()
	require.NoError(t, err)
	require.Equal(t, defs, MustLibrary())
	names, err := libraryFiles.ReadDir("library")
	require.NoError(t, err)
	require.Len(t, defs, len(names))

	slugs := map[string]bool{}
	for i, d := range defs {
		require.False(t, slugs[d.Slug], "duplicate slug %s", d.Slug)
		slugs[d.Slug] = true
		if i > 0 {
			prev, cur := slices.Index(Phases, defs[i-1].Phase), slices.Index(Phases, d.Phase)
			require.True(t, prev < cur || prev == cur && defs[i-1].Title <= d.Title, "order at %s", d.Slug)
		}
	}

	// Changing a returned copy must not change what the next caller sees.
	defs[0].Title = "changed"
	defs[0].Fields = nil
	again, ok := LibraryExercise(MustLibrary()[0].Slug)
	require.True(t, ok)
	require.NotEqual(t, "changed", again.Title)
	_, ok = LibraryExercise("no-such-exercise")
	require.False(t, ok)
}

func TestLibraryContent(t *testing.T) {
	t.Parallel()
	defs := MustLibrary()
	exercises, programmes := 0, 0
	seen := map[string]int{}
	fieldTypes := map[string]int{}
	for _, d := range defs {
		for _, v := range []string{"modality:" + d.Modality, "audience:" + d.Audience, "phase:" + d.Phase, "cadence:" + d.Cadence} {
			seen[v]++
		}
		if d.Cadence == "programme" {
			programmes++
			require.Empty(t, d.Fields, d.Slug)
			continue
		}
		exercises++
		require.GreaterOrEqual(t, d.Minutes, 2, d.Slug)
		require.LessOrEqual(t, d.Minutes, 30, d.Slug)
		types := map[string]bool{}
		for _, f := range d.Fields {
			types[f.Type] = true
		}
		for typ := range types {
			fieldTypes[typ]++
		}
	}
	require.GreaterOrEqual(t, exercises, 24)
	require.GreaterOrEqual(t, programmes, 1)
	require.True(t, slices.ContainsFunc(defs, func(d Definition) bool {
		return d.Cadence == "programme" && len(d.Steps) == 30
	}), "a 30-day programme")

	for _, v := range Modalities {
		require.Positive(t, seen["modality:"+v], v)
	}
	for _, v := range Audiences {
		require.Positive(t, seen["audience:"+v], v)
	}
	for _, v := range Phases {
		require.Positive(t, seen["phase:"+v], v)
	}
	for _, v := range Cadences {
		require.Positive(t, seen["cadence:"+v], v)
	}
	for _, typ := range FieldTypes {
		require.GreaterOrEqual(t, fieldTypes[typ], 3, typ)
	}
}

func TestLibraryHasTheTwoLogs(t *testing.T) {
	t.Parallel()
	for slug, audience := range map[string]string{"consistency-log": "caused_harm", "follow-through-log": "hurt"} {
		d, ok := LibraryExercise(slug)
		require.True(t, ok, slug)
		require.Equal(t, audience, d.Audience, slug)
		require.Equal(t, "daily", d.Cadence, slug)
	}
}

func TestParseExerciseIsStrict(t *testing.T) {
	t.Parallel()
	good, err := libraryFiles.ReadFile("library/consistency-log.yaml")
	require.NoError(t, err)
	cases := map[string]struct {
		name string
		body string
		want string
	}{
		"unknown key":       {"consistency-log.yaml", string(good) + "colour: blue\n", "colour"},
		"slug != file name": {"other-name.yaml", string(good), "must equal the file name"},
		"two documents":     {"consistency-log.yaml", string(good) + "---\nslug: x\n", "exactly one YAML document"},
		"fails Check":       {"consistency-log.yaml", strings.Replace(string(good), "minutes: 3", "minutes: 0", 1), "minutes"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			_, err := parseExercise(c.name, []byte(c.body))
			require.ErrorContains(t, err, c.want)
		})
	}
	_, err = parseExercise("consistency-log.yaml", good)
	require.NoError(t, err)
}

// validExercise is a small definition that passes; the broken cases change one thing.
func validExercise() Definition {
	return Definition{
		Slug: "test-exercise", Title: "A test", Summary: "Short.", Modality: "general",
		Audience: "both", Phase: "any", Minutes: 5, Cadence: "once", Why: "Because.", WatchOut: "Careful.",
		Fields: []Field{
			{ID: "mood", Type: Scale, Label: "How are you?", MinLabel: "Low", MaxLabel: "High"},
			{ID: "items", Type: Checklist, Label: "Tick", Options: []Option{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}}},
			{ID: "say", Type: Script, Label: "Say it", Text: "Hello."},
			{ID: "note", Type: ShortText, Label: "Note", MaxLength: 100},
		},
	}
}

func validProgramme() Definition {
	d := validExercise()
	d.Cadence, d.Fields = "programme", nil
	d.Steps = []Step{{Title: "Day one", Principle: "An idea.", Question: "A question?"}}
	return d
}

// TestBrokenDefinitions checks that the schema and Check agree on what is wrong and where.
func TestBrokenDefinitions(t *testing.T) {
	t.Parallel()
	sch, err := schema()
	require.NoError(t, err)
	require.NoError(t, sch.Validate(asJSON(t, validExercise())))
	require.NoError(t, sch.Validate(asJSON(t, validProgramme())))

	cases := []struct {
		name   string
		build  func() Definition
		change func(d *Definition)
		key    string
	}{
		{"no title", validExercise, func(d *Definition) { d.Title = "" }, "title"},
		{"long title", validExercise, func(d *Definition) { d.Title = strings.Repeat("t", 81) }, "title"},
		{"long summary", validExercise, func(d *Definition) { d.Summary = strings.Repeat("é", 201) }, "summary"},
		{"bad slug", validExercise, func(d *Definition) { d.Slug = "Bad_Slug" }, "slug"},
		{"unknown modality", validExercise, func(d *Definition) { d.Modality = "cbt" }, "modality"},
		{"unknown audience", validExercise, func(d *Definition) { d.Audience = "kids" }, "audience"},
		{"unknown phase", validExercise, func(d *Definition) { d.Phase = "later" }, "phase"},
		{"unknown cadence", validExercise, func(d *Definition) { d.Cadence = "hourly" }, "cadence"},
		{"zero minutes", validExercise, func(d *Definition) { d.Minutes = 0 }, "minutes"},
		{"too many minutes", validExercise, func(d *Definition) { d.Minutes = 121 }, "minutes"},
		{"blank why", validExercise, func(d *Definition) { d.Why = "   " }, "why"},
		{"long watch_out", validExercise, func(d *Definition) { d.WatchOut = strings.Repeat("w", 601) }, "watch_out"},
		{"no fields", validExercise, func(d *Definition) { d.Fields = nil }, "fields"},
		{"steps without programme", validExercise, func(d *Definition) { d.Steps = validProgramme().Steps }, "steps"},
		{"scale without max label", validExercise, func(d *Definition) { d.Fields[0].MaxLabel = "" }, "fields.0.max_label"},
		{"min label on text", validExercise, func(d *Definition) { d.Fields[3].MinLabel = "x" }, "fields.3.min_label"},
		{"checklist of one", validExercise, func(d *Definition) { d.Fields[1].Options = d.Fields[1].Options[:1] }, "fields.1.options"},
		{"options on scale", validExercise, func(d *Definition) { d.Fields[0].Options = d.Fields[1].Options }, "fields.0.options"},
		{"bad option id", validExercise, func(d *Definition) { d.Fields[1].Options[1].ID = "Bad Id" }, "fields.1.options.1.id"},
		{"script without text", validExercise, func(d *Definition) { d.Fields[2].Text = "" }, "fields.2.text"},
		{"text on scale", validExercise, func(d *Definition) { d.Fields[0].Text = "x" }, "fields.0.text"},
		{"max length on scale", validExercise, func(d *Definition) { d.Fields[0].MaxLength = 10 }, "fields.0.max_length"},
		{"max length too big", validExercise, func(d *Definition) { d.Fields[3].MaxLength = LongTextMax + 1 }, "fields.3.max_length"},
		{"unknown field type", validExercise, func(d *Definition) { d.Fields[3].Type = "date" }, "fields.3.type"},
		{"bad field id", validExercise, func(d *Definition) { d.Fields[3].ID = "9lives" }, "fields.3.id"},
		{"control character", validExercise, func(d *Definition) { d.Fields[3].Label = "a\x07b" }, "fields.3.label"},
		{"programme with fields", validProgramme, func(d *Definition) { d.Fields = validExercise().Fields }, "fields"},
		{"programme without steps", validProgramme, func(d *Definition) { d.Steps = nil }, "steps"},
		{"step without question", validProgramme, func(d *Definition) { d.Steps[0].Question = "" }, "steps.0.question"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			d := c.build()
			c.change(&d)
			err := sch.Validate(asJSON(t, d))
			require.Error(t, err)
			require.Contains(t, schemaKeys(err), c.key)

			var ve validate.Errors
			require.ErrorAs(t, d.Check(), &ve)
			require.Contains(t, ve, c.key)
		})
	}
}

// TestLimitsMatchSchema keeps check.go's constants and the schema's numbers in step.
func TestLimitsMatchSchema(t *testing.T) {
	t.Parallel()
	var s struct {
		Properties map[string]struct {
			MaxLength int `json:"maxLength"`
			MaxItems  int `json:"maxItems"`
			Maximum   int `json:"maximum"`
		} `json:"properties"`
	}
	require.NoError(t, json.Unmarshal(LibrarySchema(), &s))
	p := s.Properties
	require.Equal(t, maxSlug, p["slug"].MaxLength)
	require.Equal(t, maxTitle, p["title"].MaxLength)
	require.Equal(t, maxSummary, p["summary"].MaxLength)
	require.Equal(t, maxGuidance, p["why"].MaxLength)
	require.Equal(t, maxGuidance, p["watch_out"].MaxLength)
	require.Equal(t, maxText, p["intro"].MaxLength)
	require.Equal(t, maxMinutes, p["minutes"].Maximum)
	require.Equal(t, maxFields, p["fields"].MaxItems)
	require.Equal(t, maxSteps, p["steps"].MaxItems)
}
