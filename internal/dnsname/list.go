package dnsname

import (
	"errors"
	"slices"
)

// NormalizeList normalises every name with opts, then sorts the results and
// drops duplicates, so two lists that mean the same set compare equal. When
// any name is bad it returns a nil slice and errors.Join of one *Error per bad
// name, in input order, so the user can fix all of them in one go.
// A successful result is never nil.
func NormalizeList(names []string, opts Options) ([]string, error) {
	out := make([]string, 0, len(names))
	var errs []error
	for _, name := range names {
		s, err := NormalizeWith(name, opts)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		out = append(out, s)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}
