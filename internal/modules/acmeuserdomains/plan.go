package acmeuserdomains

import "slices"

// Plan is the one add and the one removal a run sends (either may be empty). Pure: no I/O.
type Plan struct {
	Add, Remove []string // sorted
}

func (pl Plan) empty() bool { return len(pl.Add) == 0 && len(pl.Remove) == 0 }

// plan compares the wanted names with the account's. Only exclusive removes names the task does
// not list; state=absent removes the listed ones that are there.
func plan(w want, cur []string) Plan {
	if !w.Present {
		return Plan{Add: []string{}, Remove: intersect(w.Names, cur)}
	}
	pl := Plan{Add: minus(w.Names, cur), Remove: []string{}}
	if w.Exclusive {
		pl.Remove = minus(cur, w.Names)
	}
	return pl
}

// predicted is the mapping after the plan is applied.
func predicted(cur []string, pl Plan) []string {
	return minus(union(cur, pl.Add), pl.Remove)
}

// minus returns the names of a that are not in b, sorted.
func minus(a, b []string) []string {
	out := []string{}
	for _, n := range a {
		if !slices.Contains(b, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// intersect returns the names in both, sorted.
func intersect(a, b []string) []string {
	out := []string{}
	for _, n := range a {
		if slices.Contains(b, n) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func union(a, b []string) []string {
	out := append(slices.Clone(a), b...)
	slices.Sort(out)
	return slices.Compact(out)
}
