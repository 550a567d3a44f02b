package dnsname

import (
	"errors"
	"strings"
	"testing"
)

// FuzzNormalize checks the invariants every caller relies on: no panic, every
// failure is an *Error naming the input, and every success is canonical
// (lower-case ASCII, at most 253 characters, no surrounding dots) and a fixed
// point of NormalizeWith. Seeds live in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	f.Add("Example.ORG.", false)
	f.Add("*.bücher.example", true)
	f.Fuzz(func(t *testing.T, name string, wildcard bool) {
		opts := Options{AllowWildcard: wildcard}
		got, err := NormalizeWith(name, opts)
		if err != nil {
			var nameErr *Error
			if !errors.As(err, &nameErr) || nameErr.Name != name || nameErr.Reason == "" {
				t.Fatalf("NormalizeWith(%q) error %v is not an *Error for the input", name, err)
			}
			return
		}
		checkCanonical(t, name, got)
		again, err := NormalizeWith(got, opts)
		if err != nil || again != got {
			t.Fatalf("not idempotent: %q -> %q -> %q, %v", name, got, again, err)
		}
	})
}

func checkCanonical(t *testing.T, name, got string) {
	t.Helper()
	if got == "" || len(got) > MaxNameLength {
		t.Fatalf("NormalizeWith(%q) = %q: bad length %d", name, got, len(got))
	}
	if got != strings.ToLower(got) || !isASCII(got) {
		t.Fatalf("NormalizeWith(%q) = %q: not lower-case ASCII", name, got)
	}
	if strings.HasPrefix(got, ".") || strings.HasSuffix(got, ".") || !strings.Contains(got, ".") {
		t.Fatalf("NormalizeWith(%q) = %q: bad dots", name, got)
	}
}
