package bench

import (
	"encoding/json"
	"fmt"
	"math"

	"github.com/steadyhq/steady/internal/checkins"
	"github.com/steadyhq/steady/internal/library"
)

// variants is how many distinct answers each exercise has in the seed, from best to worst.
const variants = 8

// answer is one ready-made answer: its JSON, and for a measure its score as the real scoring
// gives it.
type answer struct {
	json  []byte
	score *checkins.Result
	items []byte
}

type answerKey struct {
	slug    string
	variant int
	alert   bool
}

// answerBank holds every answer the seed uses, made once: encoding two million answers one by
// one would dominate the seed's time.
type answerBank struct{ m map[answerKey]answer }

func newAnswerBank(defs map[string]*library.Definition) (*answerBank, error) {
	b := &answerBank{m: map[answerKey]answer{}}
	for slug, def := range defs {
		for v := range variants {
			for _, alert := range []bool{false, true} {
				a, err := makeAnswer(def, v, alert)
				if err != nil {
					return nil, fmt.Errorf("bench: answer for %s: %w", slug, err)
				}
				b.m[answerKey{slug, v, alert}] = a
			}
		}
	}
	return b, nil
}

func (b *answerBank) get(slug string, v int, alert bool) answer {
	return b.m[answerKey{slug, v, alert}]
}

func makeAnswer(def *library.Definition, v int, alert bool) (answer, error) {
	in, ok := checkins.InstrumentByKey(def.Measure)
	if def.Measure == "" || !ok {
		raw, err := json.Marshal(library.SampleAnswers(def.Fields, v, 0))
		return answer{json: raw}, err
	}
	answers := measureAnswers(in, float64(v)/(variants-1), alert)
	res, err := in.Score(answers)
	if err != nil {
		return answer{}, err
	}
	raw, err := json.Marshal(answers)
	if err != nil {
		return answer{}, err
	}
	items, err := json.Marshal(res.Items)
	return answer{json: raw, score: &res, items: items}, err
}

// measureAnswers answers every item at the given share of the way from best (0) to worst (1),
// with the risk items set off only when alert is asked for.
func measureAnswers(in *checkins.Instrument, worst float64, alert bool) map[string]any {
	out := map[string]any{}
	for j, it := range in.Items {
		lean := math.Max(0, math.Min(1, worst+float64(j%3-1)*0.1))
		if in.Scale != nil {
			if in.HigherIsBetter {
				lean = 1 - lean
			}
			out[it.Key] = int(math.Round(10 * lean))
			continue
		}
		out[it.Key] = in.Choices[int(math.Round(lean*float64(len(in.Choices)-1)))].Key
	}
	for _, r := range in.Risks {
		out[r.Item] = riskValue(in, r, alert, out[r.Item])
	}
	return out
}

// riskValue is an answer to a risk item inside its alerting range (alert) or outside it,
// the current answer when it already is.
func riskValue(in *checkins.Instrument, r checkins.Risk, alert bool, current any) any {
	inside := func(n int) bool { return n >= r.Min && n <= r.Max }
	if in.Scale != nil {
		if n, ok := current.(int); ok && inside(n) == alert {
			return n
		}
		for n := 0; n <= 10; n++ {
			if inside(n) == alert {
				return n
			}
		}
	}
	for _, c := range in.Choices {
		if c.Key == current && inside(c.Value) == alert {
			return c.Key
		}
	}
	for _, c := range in.Choices {
		if inside(c.Value) == alert {
			return c.Key
		}
	}
	return nil
}

func jsonOf(v any) ([]byte, error) { return json.Marshal(v) }
