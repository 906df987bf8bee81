package library

// SampleAnswers fills every field with a plausible answer for day i, scales rising slowly, so
// the demo shows a trend.
func SampleAnswers(fields []Field, i, lift int) map[string]any {
	notes := []string{"A steadier day than last week.", "Hard evening, but we talked it through.",
		"Kept to what I said I would do.", "Felt a little more at ease."}
	out := map[string]any{}
	for _, f := range fields {
		switch f.Type {
		case ShortText, LongText:
			out[f.ID] = notes[i%len(notes)]
		case Scale:
			out[f.ID] = max(0, min(10, 3+lift+i/3+i%2))
		case YesNo:
			out[f.ID] = i%4 != 1
		case Checklist, MultiChoice:
			ids := []string{}
			for j, o := range f.Options {
				if (i+j)%3 != 0 {
					ids = append(ids, o.ID)
				}
			}
			if f.Type == MultiChoice && len(ids) == 0 {
				ids = append(ids, f.Options[0].ID)
			}
			out[f.ID] = ids
		case SingleChoice:
			out[f.ID] = f.Options[i%len(f.Options)].ID
		case Script:
			out[f.ID] = true
		}
	}
	return out
}
