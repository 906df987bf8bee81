package checkins

// Instrument is a scored questionnaire: its items, the answer choices they share and what
// each is worth, its published scoring and bands, and the items that must alert a clinician
// at once. Each definition below names its licence beside it.
type Instrument struct {
	Key     string // stable id, also the measure's slug
	Title   string
	Licence string // why we may use (and show) it
	Source  string
	Stem    string // the question the items answer
	Items   []Item
	Choices []Choice // shared by every scored item
	Bands   []Band   // in order, covering Min..Max
	Risks   []Risk
	// Reliability and SD drive the Jacobson–Truax reliable change (see reliable.go).
	Reliability float64
	SD          float64
	// HigherIsBetter is true for our own check-in (more safety, more trust).
	HigherIsBetter bool
	// Scale is set when items are 0–10 scales instead of shared choices (our check-in).
	Scale *ScaleEnds
	// Note, when set, adds an optional free-text item that is not scored.
	Note string
}

// Item is one question. Key is the field id in answers.
type Item struct {
	Key  string
	Text string
	// Scale items of our own check-in may label their ends differently.
	MinLabel, MaxLabel string
}

// Choice is an answer worth Value points.
type Choice struct {
	Key   string
	Label string
	Value int
}

// Band names a score range, Min..Max inclusive.
type Band struct {
	Min, Max int
	Label    string
}

// Risk marks an item whose answer from Min to Max (inclusive) must reach a clinician at once.
type Risk struct {
	Item     string
	Min, Max int
	// Reason is what the clinician is told; it never reaches the client's partner.
	Reason string
}

// ScaleEnds makes every item a 0–10 scale.
type ScaleEnds struct{}

// Min and Max are the lowest and highest total score.
func (in *Instrument) Min() int { return 0 }

// Max is the highest total score.
func (in *Instrument) Max() int {
	if in.Scale != nil {
		return 10 * len(in.Items)
	}
	top := 0
	for _, c := range in.Choices {
		top = max(top, c.Value)
	}
	return top * len(in.Items)
}

// pfizerLicence covers the PHQ-9 and the GAD-7: Pfizer's grant made them free to use.
const pfizerLicence = "Developed by Drs. Spitzer, Williams, Kroenke and colleagues with an educational grant from " +
	"Pfizer Inc. No permission is required to reproduce, translate, display or distribute it (phqscreeners.com)."

var frequency = []Choice{
	{"not_at_all", "Not at all", 0}, {"several_days", "Several days", 1},
	{"more_than_half", "More than half the days", 2}, {"nearly_every_day", "Nearly every day", 3},
}

// PHQ9 is the Patient Health Questionnaire-9 (Kroenke, Spitzer & Williams, 2001).
var PHQ9 = Instrument{
	Key: "phq-9", Title: "PHQ-9: how you have been feeling",
	Licence: pfizerLicence,
	Source:  "Kroenke K, Spitzer RL, Williams JB. J Gen Intern Med 2001;16:606-613.",
	Stem:    "Over the last 2 weeks, how often have you been bothered by any of the following problems?",
	Items: []Item{
		{Key: "q1", Text: "Little interest or pleasure in doing things"},
		{Key: "q2", Text: "Feeling down, depressed, or hopeless"},
		{Key: "q3", Text: "Trouble falling or staying asleep, or sleeping too much"},
		{Key: "q4", Text: "Feeling tired or having little energy"},
		{Key: "q5", Text: "Poor appetite or overeating"},
		{Key: "q6", Text: "Feeling bad about yourself — or that you are a failure or have let yourself or your family down"},
		{Key: "q7", Text: "Trouble concentrating on things, such as reading the newspaper or watching television"},
		{Key: "q8", Text: "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so " +
			"fidgety or restless that you have been moving around a lot more than usual"},
		{Key: "q9", Text: "Thoughts that you would be better off dead or of hurting yourself in some way"},
	},
	Choices: frequency,
	Bands: []Band{{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 19, "moderately severe"},
		{20, 27, "severe"}},
	Risks: []Risk{{Item: "q9", Min: 1, Max: 3,
		Reason: "Answered PHQ-9 item 9 (thoughts of being better off dead or of self-harm) above \"not at all\"."}},
	// Test–retest reliability 0.84 (Kroenke 2001). The SD is set so that the reliable change
	// comes to 6 points, the criterion NHS Talking Therapies uses for the PHQ-9.
	Reliability: 0.84, SD: 5.41,
}

// GAD7 is the Generalized Anxiety Disorder 7-item scale (Spitzer et al., 2006).
var GAD7 = Instrument{
	Key: "gad-7", Title: "GAD-7: worry and anxiety",
	Licence: pfizerLicence,
	Source:  "Spitzer RL, Kroenke K, Williams JBW, Löwe B. Arch Intern Med 2006;166:1092-1097.",
	Stem:    "Over the last 2 weeks, how often have you been bothered by the following problems?",
	Items: []Item{
		{Key: "q1", Text: "Feeling nervous, anxious, or on edge"},
		{Key: "q2", Text: "Not being able to stop or control worrying"},
		{Key: "q3", Text: "Worrying too much about different things"},
		{Key: "q4", Text: "Trouble relaxing"},
		{Key: "q5", Text: "Being so restless that it is hard to sit still"},
		{Key: "q6", Text: "Becoming easily annoyed or irritable"},
		{Key: "q7", Text: "Feeling afraid, as if something awful might happen"},
	},
	Choices: frequency,
	Bands:   []Band{{0, 4, "minimal"}, {5, 9, "mild"}, {10, 14, "moderate"}, {15, 21, "severe"}},
	// Test–retest reliability 0.83 (Spitzer 2006). The SD is set so that the reliable change
	// comes to 4 points, the criterion NHS Talking Therapies uses for the GAD-7.
	Reliability: 0.83, SD: 3.49,
}

// PCL5 is the PTSD Checklist for DSM-5 (Weathers et al., 2013), past-month version.
var PCL5 = Instrument{
	Key: "pcl-5", Title: "PCL-5: reactions to a stressful experience",
	Licence: "Developed by the US National Center for PTSD (US Department of Veterans Affairs); in the public domain.",
	Source:  "Weathers FW, Litz BT, Keane TM, Palmieri PA, Marx BP, Schnurr PP. The PTSD Checklist for DSM-5 (PCL-5), 2013. www.ptsd.va.gov",
	Stem:    "In the past month, how much were you bothered by:",
	Items: []Item{
		{Key: "q1", Text: "Repeated, disturbing, and unwanted memories of the stressful experience?"},
		{Key: "q2", Text: "Repeated, disturbing dreams of the stressful experience?"},
		{Key: "q3", Text: "Suddenly feeling or acting as if the stressful experience were actually happening again (as if you were actually back there reliving it)?"},
		{Key: "q4", Text: "Feeling very upset when something reminded you of the stressful experience?"},
		{Key: "q5", Text: "Having strong physical reactions when something reminded you of the stressful experience (for example, heart pounding, trouble breathing, sweating)?"},
		{Key: "q6", Text: "Avoiding memories, thoughts, or feelings related to the stressful experience?"},
		{Key: "q7", Text: "Avoiding external reminders of the stressful experience (for example, people, places, conversations, activities, objects, or situations)?"},
		{Key: "q8", Text: "Trouble remembering important parts of the stressful experience?"},
		{Key: "q9", Text: "Having strong negative beliefs about yourself, other people, or the world (for example, having thoughts such as: I am bad, there is something seriously wrong with me, no one can be trusted, the world is completely dangerous)?"},
		{Key: "q10", Text: "Blaming yourself or someone else for the stressful experience or what happened after it?"},
		{Key: "q11", Text: "Having strong negative feelings such as fear, horror, anger, guilt, or shame?"},
		{Key: "q12", Text: "Loss of interest in activities that you used to enjoy?"},
		{Key: "q13", Text: "Feeling distant or cut off from other people?"},
		{Key: "q14", Text: "Trouble experiencing positive feelings (for example, being unable to feel happiness or have loving feelings for people close to you)?"},
		{Key: "q15", Text: "Irritable behavior, angry outbursts, or acting aggressively?"},
		{Key: "q16", Text: "Taking too many risks or doing things that could cause you harm?"},
		{Key: "q17", Text: "Being \"superalert\" or watchful or on guard?"},
		{Key: "q18", Text: "Feeling jumpy or easily startled?"},
		{Key: "q19", Text: "Having difficulty concentrating?"},
		{Key: "q20", Text: "Trouble falling or staying asleep?"},
	},
	Choices: []Choice{{"not_at_all", "Not at all", 0}, {"a_little_bit", "A little bit", 1}, {"moderately", "Moderately", 2},
		{"quite_a_bit", "Quite a bit", 3}, {"extremely", "Extremely", 4}},
	// The National Center for PTSD suggests 31–33 as a cut-point for probable PTSD; we use 33.
	Bands: []Band{{0, 32, "below the threshold for probable PTSD"}, {33, 80, "probable PTSD"}},
	// Test–retest reliability 0.82 (Blevins et al., 2015). The SD is set so that the reliable
	// change comes to 10 points, the change the National Center for PTSD calls meaningful.
	Reliability: 0.82, SD: 8.50,
}

// CheckIn is Steady's own weekly trust-and-safety check-in. Written for Steady; no licence
// is needed. A partner who feels unsafe with the other is told to their clinician at once.
var CheckIn = Instrument{
	Key: "trust-safety-check-in", Title: "Weekly trust and safety check-in",
	Licence: "Written for Steady; free to use.",
	Stem:    "Thinking about the past week with your partner:",
	Items: []Item{
		{Key: "safe", Text: "How safe did you feel with your partner?", MinLabel: "Not safe at all", MaxLabel: "Completely safe"},
		{Key: "matched", Text: "How far did your partner's actions match their words?", MinLabel: "Not at all", MaxLabel: "Completely"},
		{Key: "honest", Text: "How honest could you be with your partner?", MinLabel: "Not at all", MaxLabel: "Completely"},
		{Key: "trust", Text: "How much do you trust your partner right now?", MinLabel: "Not at all", MaxLabel: "Completely"},
	},
	Scale:          &ScaleEnds{},
	Note:           "Anything you want your clinician to know about this week",
	HigherIsBetter: true,
	Risks: []Risk{{Item: "safe", Min: 0, Max: 2,
		Reason: "Rated feeling safe with their partner at 2 or below out of 10 in the weekly check-in."}},
	// Not a validated scale: these only mark large swings (about 10 of 40 points) on its chart.
	Reliability: 0.80, SD: 8,
}

// Instruments lists every instrument, in the order the library shows them.
var Instruments = []*Instrument{&CheckIn, &PHQ9, &GAD7, &PCL5}

// InstrumentByKey finds an instrument.
func InstrumentByKey(key string) (*Instrument, bool) {
	for _, in := range Instruments {
		if in.Key == key {
			return in, true
		}
	}
	return nil, false
}
