package library

import (
	"github.com/steadyhq/steady/internal/checkins"
)

// measureText is what the library says about each measure, in our words.
var measureText = map[string]struct{ summary, why, watch string }{
	"trust-safety-check-in": {
		"Four quick ratings each week: safety, actions matching words, honesty and trust.",
		"Seen week by week and side by side, small ratings show whether repair is taking hold for each partner.",
		"Each partner answers alone. A low safety rating reaches the clinician at once and never the partner.",
	},
	"phq-9": {
		"Nine questions about mood over the last two weeks, scored 0 to 27.",
		"A standard measure of depression that shows change over time and flags thoughts of self-harm.",
		"It is a screening measure, not a diagnosis. Any answer above \"not at all\" to the last question alerts the clinician at once.",
	},
	"gad-7": {
		"Seven questions about worry and anxiety over the last two weeks, scored 0 to 21.",
		"A standard measure of anxiety that shows whether worry is easing as the work goes on.",
		"It is a screening measure, not a diagnosis.",
	},
	"pcl-5": {
		"Twenty questions about reactions to a stressful experience in the past month, scored 0 to 80.",
		"Discovering a betrayal can bring trauma-like reactions; this standard checklist tracks them.",
		"It is a screening measure, not a diagnosis. Use it monthly rather than weekly.",
	},
}

// measureDefinition is the exercise form of an instrument: its items as fields the homework
// page already knows, and the instrument's key so answers are scored.
func measureDefinition(in *checkins.Instrument) Definition {
	t := measureText[in.Key]
	d := Definition{Slug: in.Key, Title: in.Title, Summary: t.summary, Modality: "general", Audience: "individual",
		Phase: "any", Minutes: 2 + len(in.Items)/4, Cadence: "weekly", Why: t.why, WatchOut: t.watch,
		Intro: in.Stem, Measure: in.Key}
	if in.Key == checkins.CheckIn.Key {
		d.Audience = "both"
	}
	for _, it := range in.Items {
		f := Field{ID: it.Key, Label: it.Text, Required: true}
		if in.Scale != nil {
			f.Type, f.MinLabel, f.MaxLabel = Scale, it.MinLabel, it.MaxLabel
		} else {
			f.Type = SingleChoice
			for _, c := range in.Choices {
				f.Options = append(f.Options, Option{ID: c.Key, Label: c.Label})
			}
		}
		d.Fields = append(d.Fields, f)
	}
	if in.Note != "" {
		d.Fields = append(d.Fields, Field{ID: "note", Type: LongText, Label: in.Note, MaxLength: 2000})
	}
	return d
}

// Measures lists the built-in scored measures as definitions.
func Measures() []Definition {
	out := make([]Definition, len(checkins.Instruments))
	for i, in := range checkins.Instruments {
		out[i] = measureDefinition(in)
	}
	return out
}

// Find looks a slug up among the library's exercises and the measures.
func Find(slug string) (*Definition, bool) {
	if d, ok := LibraryExercise(slug); ok {
		return d, true
	}
	for _, d := range Measures() {
		if d.Slug == slug {
			return &d, true
		}
	}
	return nil, false
}
