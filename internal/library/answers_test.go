package library

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/steadyhq/steady/internal/validate"
)

// answerFields has one field of every type; "_req" fields are required.
func answerFields() []Field {
	opts := []Option{{ID: "a", Label: "A"}, {ID: "b", Label: "B"}, {ID: "c", Label: "C"}}
	return []Field{
		{ID: "short", Type: ShortText, Label: "Short"},
		{ID: "short_req", Type: ShortText, Label: "Short", Required: true},
		{ID: "short_10", Type: ShortText, Label: "Short", MaxLength: 10},
		{ID: "long", Type: LongText, Label: "Long"},
		{ID: "scale", Type: Scale, Label: "Scale", MinLabel: "0", MaxLabel: "10"},
		{ID: "scale_req", Type: Scale, Label: "Scale", MinLabel: "0", MaxLabel: "10", Required: true},
		{ID: "yes_no", Type: YesNo, Label: "Yes or no"},
		{ID: "yes_no_req", Type: YesNo, Label: "Yes or no", Required: true},
		{ID: "checklist", Type: Checklist, Label: "Tick", Options: opts},
		{ID: "checklist_req", Type: Checklist, Label: "Tick", Options: opts, Required: true},
		{ID: "single", Type: SingleChoice, Label: "One", Options: opts},
		{ID: "single_req", Type: SingleChoice, Label: "One", Options: opts, Required: true},
		{ID: "multi", Type: MultiChoice, Label: "Some", Options: opts},
		{ID: "multi_req", Type: MultiChoice, Label: "Some", Options: opts, Required: true},
		{ID: "script", Type: Script, Label: "Say", Text: "Hi"},
		{ID: "script_req", Type: Script, Label: "Say", Text: "Hi", Required: true},
	}
}

// requiredAnswers answers every required field; cases add or override one key.
func requiredAnswers() map[string]json.RawMessage {
	return map[string]json.RawMessage{
		"short_req":     json.RawMessage(`"ok"`),
		"scale_req":     json.RawMessage(`5`),
		"yes_no_req":    json.RawMessage(`false`),
		"checklist_req": json.RawMessage(`[]`),
		"single_req":    json.RawMessage(`"a"`),
		"multi_req":     json.RawMessage(`["a"]`),
		"script_req":    json.RawMessage(`true`),
	}
}

func quoted(s string) json.RawMessage {
	b, _ := json.Marshal(s)
	return b
}

func TestCheckAnswersAccepts(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		key  string
		raw  json.RawMessage
		want any // nil: the key is absent from the result
	}{
		{"text is trimmed", "short", quoted("  hello \n"), "hello"},
		{"text keeps inner newlines and tabs", "long", quoted("a\n\tb"), "a\n\tb"},
		{"windows line ends become newlines", "long", quoted("a\r\nb"), "a\nb"},
		{"300 characters of é", "short", quoted(strings.Repeat("é", 300)), strings.Repeat("é", 300)},
		{"own max length", "short_10", quoted("0123456789"), "0123456789"},
		{"long text default 10000", "long", quoted(strings.Repeat("x", LongTextMax)), strings.Repeat("x", LongTextMax)},
		{"markup is just text", "short", quoted("<b>hi</b> & 'x'"), "<b>hi</b> & 'x'"},
		{"optional text blank", "short", quoted("   "), nil},
		{"optional text null", "short", json.RawMessage(`null`), nil},
		{"scale 0", "scale", json.RawMessage(`0`), 0},
		{"scale 10", "scale", json.RawMessage(`10`), 10},
		{"yes", "yes_no", json.RawMessage(`true`), true},
		{"no", "yes_no", json.RawMessage(`false`), false},
		{"checklist in option order", "checklist", json.RawMessage(`["c","a"]`), []string{"a", "c"}},
		{"checklist empty", "checklist", json.RawMessage(`[]`), []string{}},
		{"single choice", "single", json.RawMessage(`"b"`), "b"},
		{"single choice empty is no answer", "single", json.RawMessage(`""`), nil},
		{"multi choice", "multi", json.RawMessage(`["b","a"]`), []string{"a", "b"}},
		{"multi choice empty optional", "multi", json.RawMessage(`[]`), []string{}},
		{"script done", "script", json.RawMessage(`true`), true},
		{"optional script not done", "script", json.RawMessage(`false`), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			raw := requiredAnswers()
			raw[c.key] = c.raw
			got, err := CheckAnswers(answerFields(), raw)
			require.NoError(t, err)
			v, ok := got[c.key]
			if c.want == nil {
				require.False(t, ok, "%v", v)
				return
			}
			require.Equal(t, c.want, v)
		})
	}
}

func TestCheckAnswersNormalisesRequired(t *testing.T) {
	t.Parallel()
	got, err := CheckAnswers(answerFields(), requiredAnswers())
	require.NoError(t, err)
	require.Equal(t, map[string]any{
		"short_req": "ok", "scale_req": 5, "yes_no_req": false, "checklist_req": []string{},
		"single_req": "a", "multi_req": []string{"a"}, "script_req": true,
	}, got)
}

func TestCheckAnswersRefuses(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name string
		key  string
		raw  json.RawMessage // nil: leave the key out
		msg  string
	}{
		{"text too long", "short", quoted(strings.Repeat("é", 301)), "must be at most 300 characters"},
		{"own max length", "short_10", quoted("01234567890"), "must be at most 10 characters"},
		{"long text too long", "long", quoted(strings.Repeat("x", LongTextMax+1)), "must be at most 10000 characters"},
		{"text control character", "short", quoted("a\x00b"), "must not contain control characters"},
		{"text lone carriage return", "short", quoted("a\rb"), "must not contain control characters"},
		{"text as number", "short", json.RawMessage(`5`), "must be text"},
		{"required text missing", "short_req", nil, "is required"},
		{"required text null", "short_req", json.RawMessage(`null`), "is required"},
		{"required text empty", "short_req", quoted(""), "is required"},
		{"required text spaces", "short_req", quoted("  \n "), "is required"},
		{"scale fraction", "scale", json.RawMessage(`3.5`), "must be a whole number from 0 to 10"},
		{"scale as string", "scale", quoted("5"), "must be a whole number from 0 to 10"},
		{"scale 11", "scale", json.RawMessage(`11`), "must be a whole number from 0 to 10"},
		{"scale -1", "scale", json.RawMessage(`-1`), "must be a whole number from 0 to 10"},
		{"scale exponent", "scale", json.RawMessage(`1e1`), "must be a whole number from 0 to 10"},
		{"scale bool", "scale", json.RawMessage(`true`), "must be a whole number from 0 to 10"},
		{"required scale missing", "scale_req", nil, "is required"},
		{"yes_no as string", "yes_no", quoted("yes"), "must be yes or no"},
		{"yes_no as number", "yes_no", json.RawMessage(`1`), "must be yes or no"},
		{"required yes_no null", "yes_no_req", json.RawMessage(`null`), "is required"},
		{"checklist unknown id", "checklist", json.RawMessage(`["a","z"]`), "must be one of the listed choices"},
		{"checklist duplicate", "checklist", json.RawMessage(`["a","a"]`), "must not list the same choice twice"},
		{"checklist not a list", "checklist", quoted("a"), "must be a list of the listed choices"},
		{"checklist of numbers", "checklist", json.RawMessage(`[1]`), "must be a list of the listed choices"},
		{"required checklist missing", "checklist_req", nil, "is required"},
		{"single unknown", "single", quoted("z"), "must be one of the listed choices"},
		{"single as list", "single", json.RawMessage(`["a"]`), "must be one of the listed choices"},
		{"required single empty", "single_req", quoted(""), "is required"},
		{"multi unknown", "multi", json.RawMessage(`["z"]`), "must be one of the listed choices"},
		{"multi duplicate", "multi", json.RawMessage(`["b","b"]`), "must not list the same choice twice"},
		{"required multi empty", "multi_req", json.RawMessage(`[]`), "is required"},
		{"script as string", "script", quoted("done"), "must be ticked or not ticked"},
		{"required script not done", "script_req", json.RawMessage(`false`), "is required"},
		{"required script missing", "script_req", nil, "is required"},
		{"unknown key", "mood", json.RawMessage(`1`), "is not a field of this exercise"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			raw := requiredAnswers()
			delete(raw, c.key)
			if c.raw != nil {
				raw[c.key] = c.raw
			}
			got, err := CheckAnswers(answerFields(), raw)
			require.Nil(t, got)
			var ve validate.Errors
			require.ErrorAs(t, err, &ve)
			require.Equal(t, map[string]string{"answers." + c.key: c.msg}, map[string]string(ve))
		})
	}
}

func TestCheckAnswersLimitsKeys(t *testing.T) {
	t.Parallel()
	raw := map[string]json.RawMessage{}
	for i := range MaxAnswers + 1 {
		raw["k"+strconv.Itoa(i)] = json.RawMessage(`1`)
	}
	_, err := CheckAnswers(answerFields(), raw)
	var ve validate.Errors
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "must have at most 64 answers", ve["answers"])
}

// TestCheckAnswersProgrammeStep answers a programme day through FieldsFor, as the
// homework page does.
func TestCheckAnswersProgrammeStep(t *testing.T) {
	t.Parallel()
	d, ok := LibraryExercise("thirty-days-of-repair")
	require.True(t, ok)
	fields := d.FieldsFor(30)
	got, err := CheckAnswers(fields, map[string]json.RawMessage{"principle": json.RawMessage(`true`), "reflection": quoted(" Keep walking. ")})
	require.NoError(t, err)
	require.Equal(t, map[string]any{"principle": true, "reflection": "Keep walking."}, got)
	_, err = CheckAnswers(fields, map[string]json.RawMessage{"reflection": quoted(strings.Repeat("x", 4001))})
	require.ErrorContains(t, err, "answers.reflection: must be at most 4000 characters")
}
