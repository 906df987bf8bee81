package library

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/steadyhq/steady/internal/validate"
)

// MaxAnswers bounds how many answers one submission may carry; no exercise has more than
// maxFields fields, so anything larger is not a real form.
const MaxAnswers = 64

// Messages a client may see next to a field.
const (
	msgRequired = "is required"
	msgUnknown  = "is not a field of this exercise"
	msgText     = "must be text"
	msgControl  = "must not contain control characters"
	msgScale    = "must be a whole number from 0 to 10"
	msgYesNo    = "must be yes or no"
	msgDone     = "must be ticked or not ticked"
	msgChoice   = "must be one of the listed choices"
	msgChoices  = "must be a list of the listed choices"
	msgTwice    = "must not list the same choice twice"
)

// CheckAnswers validates a client's answers to the fields of one occurrence and returns
// them normalised for storage: text as a trimmed string, a scale as an int, yes/no and
// script ticks as bools, a single choice as an option id, checklists and multiple choices
// as option ids in the order the options are listed. Optional fields left out (or sent
// empty) are absent from the result. Errors are keyed "answers.<field id>".
func CheckAnswers(fields []Field, raw map[string]json.RawMessage) (map[string]any, error) {
	e := validate.Errors{}
	if len(raw) > MaxAnswers {
		e.Add("answers", "must have at most "+strconv.Itoa(MaxAnswers)+" answers")
		return nil, e
	}
	byID := make(map[string]*Field, len(fields))
	for i := range fields {
		byID[fields[i].ID] = &fields[i]
	}
	for key := range raw {
		if byID[key] == nil {
			e.Add("answers."+key, msgUnknown)
		}
	}
	out := map[string]any{}
	for i := range fields {
		f := &fields[i]
		v, msg := answer(f, raw[f.ID])
		switch {
		case msg != "":
			e.Add("answers."+f.ID, msg)
		case v != nil:
			out[f.ID] = v
		case f.Required:
			e.Add("answers."+f.ID, msgRequired)
		}
	}
	if err := e.Err(); err != nil {
		return nil, err
	}
	return out, nil
}

// answer decodes one answer. It returns the normalised value, nil for "no answer" (missing,
// null, blank text, an unticked required script), or a message saying what is wrong.
func answer(f *Field, raw json.RawMessage) (any, string) {
	if len(bytes.TrimSpace(raw)) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return nil, ""
	}
	switch f.Type {
	case ShortText, LongText:
		return textAnswer(f, raw)
	case Scale:
		return scaleAnswer(raw)
	case YesNo:
		return boolAnswer(raw, msgYesNo)
	case Script:
		v, msg := boolAnswer(raw, msgDone)
		if done, ok := v.(bool); ok && !done && f.Required {
			return nil, "" // "done" is what a required script asks for
		}
		return v, msg
	case SingleChoice:
		return singleAnswer(f, raw)
	case Checklist, MultiChoice:
		return listAnswer(f, raw)
	}
	return nil, "cannot be answered" // a type Check would have refused
}

// textAnswer trims the text and counts characters, not bytes, so "é" counts as one.
// Windows line ends become plain newlines; other control characters are refused.
func textAnswer(f *Field, raw json.RawMessage) (any, string) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, msgText
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	switch {
	case s == "":
		return nil, ""
	case hasControl(s):
		return nil, msgControl
	case utf8.RuneCountInString(s) > maxLength(f):
		return nil, "must be at most " + strconv.Itoa(maxLength(f)) + " characters"
	}
	return s, ""
}

// maxLength is the field's own limit, or the default for its type.
func maxLength(f *Field) int {
	switch {
	case f.MaxLength > 0:
		return f.MaxLength
	case f.Type == ShortText:
		return ShortTextMax
	default:
		return LongTextMax
	}
}

// scaleAnswer accepts a JSON integer literal from 0 to 10 only: not 3.5, not "5", not 1e1.
func scaleAnswer(raw json.RawMessage) (any, string) {
	n, err := strconv.Atoi(string(bytes.TrimSpace(raw)))
	if err != nil || n < 0 || n > 10 {
		return nil, msgScale
	}
	return n, ""
}

func boolAnswer(raw json.RawMessage, msg string) (any, string) {
	var b bool
	if json.Unmarshal(raw, &b) != nil {
		return nil, msg
	}
	return b, ""
}

func singleAnswer(f *Field, raw json.RawMessage) (any, string) {
	var s string
	if json.Unmarshal(raw, &s) != nil {
		return nil, msgChoice
	}
	switch {
	case s == "":
		return nil, ""
	case optionIndex(f, s) < 0:
		return nil, msgChoice
	}
	return s, ""
}

// listAnswer checks ticked ids and returns them in option order. An empty checklist is an
// answer ("none of these today"); an empty multiple choice is not, when the field is required.
func listAnswer(f *Field, raw json.RawMessage) (any, string) {
	var ids []string
	if json.Unmarshal(raw, &ids) != nil {
		return nil, msgChoices
	}
	ticked := make([]bool, len(f.Options))
	for _, id := range ids {
		i := optionIndex(f, id)
		switch {
		case i < 0:
			return nil, msgChoice
		case ticked[i]:
			return nil, msgTwice
		}
		ticked[i] = true
	}
	if len(ids) == 0 && f.Type == MultiChoice && f.Required {
		return nil, ""
	}
	out := make([]string, 0, len(ids))
	for i, o := range f.Options {
		if ticked[i] {
			out = append(out, o.ID)
		}
	}
	return out, ""
}

func optionIndex(f *Field, id string) int {
	for i, o := range f.Options {
		if o.ID == id {
			return i
		}
	}
	return -1
}
