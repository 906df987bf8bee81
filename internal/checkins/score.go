package checkins

import (
	"fmt"
	"math"
)

// Result is a scored answer.
type Result struct {
	Total int
	Band  string         // empty for instruments without bands
	Items map[string]int // each item's points
	Risks []Risk         // the risk items the answer set off
}

// Score adds up answers (field id → choice key, or a 0–10 number for scales) by the
// instrument's published scoring. Every item must be answered: a partial PHQ-9 has no score.
func (in *Instrument) Score(answers map[string]any) (Result, error) {
	r := Result{Items: map[string]int{}}
	for _, it := range in.Items {
		v, err := in.points(it.Key, answers[it.Key])
		if err != nil {
			return Result{}, err
		}
		r.Items[it.Key] = v
		r.Total += v
	}
	r.Band = in.BandOf(r.Total)
	for _, rk := range in.Risks {
		if v := r.Items[rk.Item]; v >= rk.Min && v <= rk.Max {
			r.Risks = append(r.Risks, rk)
		}
	}
	return r, nil
}

func (in *Instrument) points(item string, answer any) (int, error) {
	if in.Scale != nil {
		f, ok := answer.(float64)
		if n, isInt := answer.(int); isInt {
			f, ok = float64(n), true
		}
		if !ok || f != math.Trunc(f) || f < 0 || f > 10 {
			return 0, fmt.Errorf("%s: item %s needs a whole number from 0 to 10", in.Key, item)
		}
		return int(f), nil
	}
	key, _ := answer.(string)
	for _, c := range in.Choices {
		if c.Key == key {
			return c.Value, nil
		}
	}
	return 0, fmt.Errorf("%s: item %s needs one of the listed choices", in.Key, item)
}

// BandOf names the band of a total, or "" when the instrument has none.
func (in *Instrument) BandOf(total int) string {
	for _, b := range in.Bands {
		if total >= b.Min && total <= b.Max {
			return b.Label
		}
	}
	return ""
}

// ReliableChange is the smallest change in total that the Jacobson–Truax reliable change
// index counts as real at the 95% level: 1.96 × √2 × SD × √(1 − reliability).
func (in *Instrument) ReliableChange() float64 {
	return 1.96 * math.Sqrt2 * in.SD * math.Sqrt(1-in.Reliability)
}

// Change is how a later score compares with an earlier one.
type Change string

// Changes.
const (
	Improved Change = "improved"
	Worsened Change = "worsened"
	NoChange Change = "no reliable change"
)

// Compare applies the reliable change index to first and latest totals, in the instrument's
// direction (lower is better, except for our check-in).
func (in *Instrument) Compare(first, latest int) Change {
	d := float64(latest - first)
	if math.Abs(d) < in.ReliableChange() {
		return NoChange
	}
	if (d < 0) != in.HigherIsBetter {
		return Improved
	}
	return Worsened
}
