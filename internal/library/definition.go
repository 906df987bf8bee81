// Package exercises owns the between-session work: the built-in library (data files embedded
// in the binary), a practice's own templates, assignments with their cadences, and the
// answers clients send.
package library

// Definition is one exercise as the library files and practice templates describe it. It is
// stored with every assignment as it was when assigned, so answers keep their meaning after
// the template or the library changes.
type Definition struct {
	Slug     string  `yaml:"slug" json:"slug"`
	Title    string  `yaml:"title" json:"title"`
	Summary  string  `yaml:"summary" json:"summary"`
	Modality string  `yaml:"modality" json:"modality"` // gottman | eft | general
	Audience string  `yaml:"audience" json:"audience"` // individual | hurt | caused_harm | both
	Phase    string  `yaml:"phase" json:"phase"`       // atone | attune | attach | any
	Minutes  int     `yaml:"minutes" json:"minutes"`
	Cadence  string  `yaml:"cadence" json:"cadence"` // suggested: once | daily | weekly | programme
	Why      string  `yaml:"why" json:"why"`
	WatchOut string  `yaml:"watch_out" json:"watch_out"`
	Intro    string  `yaml:"intro,omitempty" json:"intro,omitempty"`
	Fields   []Field `yaml:"fields,omitempty" json:"fields,omitempty"`
	// Measure names the scored instrument (internal/checkins) this definition asks; set only
	// on the built-in measures, never read from a file or a template.
	Measure string `yaml:"-" json:"measure,omitempty"`
	// Steps make a programme: one step a day, each a principle to read and a question.
	Steps []Step `yaml:"steps,omitempty" json:"steps,omitempty"`
}

// Field is one thing the client reads or answers.
type Field struct {
	ID        string   `yaml:"id" json:"id"`
	Type      string   `yaml:"type" json:"type"`
	Label     string   `yaml:"label" json:"label"`
	Help      string   `yaml:"help,omitempty" json:"help,omitempty"`
	Required  bool     `yaml:"required,omitempty" json:"required,omitempty"`
	MinLabel  string   `yaml:"min_label,omitempty" json:"min_label,omitempty"` // scale: what 0 means
	MaxLabel  string   `yaml:"max_label,omitempty" json:"max_label,omitempty"` // scale: what 10 means
	Options   []Option `yaml:"options,omitempty" json:"options,omitempty"`     // checklist and choices
	Text      string   `yaml:"text,omitempty" json:"text,omitempty"`           // script: what to practise
	MaxLength int      `yaml:"max_length,omitempty" json:"max_length,omitempty"`
}

// Option is one choice of a checklist, single or multiple choice.
type Option struct {
	ID    string `yaml:"id" json:"id"`
	Label string `yaml:"label" json:"label"`
}

// Step is one day of a programme.
type Step struct {
	Title     string `yaml:"title" json:"title"`
	Principle string `yaml:"principle" json:"principle"`
	Question  string `yaml:"question" json:"question"`
}

// Field types.
const (
	ShortText    = "short_text"
	LongText     = "long_text"
	Scale        = "scale"
	YesNo        = "yes_no"
	Checklist    = "checklist"
	SingleChoice = "single_choice"
	MultiChoice  = "multi_choice"
	Script       = "script"
)

// FieldTypes lists every field type, in the order the editor offers them.
var FieldTypes = []string{ShortText, LongText, Scale, YesNo, Checklist, SingleChoice, MultiChoice, Script}

// Vocabularies of a definition.
var (
	Modalities = []string{"gottman", "eft", "general"}
	Audiences  = []string{"individual", "hurt", "caused_harm", "both"}
	Phases     = []string{"atone", "attune", "attach", "any"}
	Cadences   = []string{"once", "daily", "weekly", "programme"}
)

// Default and largest text lengths, in characters.
const (
	ShortTextMax = 300
	LongTextMax  = 10000
)

// TrustRepair reports whether the exercise is trust-repair work, which a partner in a couple
// may be given only after the couple's newest safety screen says proceed: every exercise of
// the Atone, Attune and Attach phases, and any written for one side of a betrayal (the hurt
// partner or the partner who caused the harm), so a template moved to "any" phase stays held.
func (d *Definition) TrustRepair() bool {
	return d.Phase != "any" || d.Audience == "hurt" || d.Audience == "caused_harm"
}

// FieldsFor returns the fields of the step'th occurrence (1-based) of a programme, or the
// exercise's own fields for anything else.
func (d *Definition) FieldsFor(step int) []Field {
	if len(d.Steps) == 0 || step < 1 || step > len(d.Steps) {
		return d.Fields
	}
	s := d.Steps[step-1]
	return []Field{
		{ID: "principle", Type: Script, Label: s.Title, Text: s.Principle},
		{ID: "reflection", Type: LongText, Label: s.Question, MaxLength: 4000},
	}
}
