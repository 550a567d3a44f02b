package scm

import (
	"fmt"
	"io"
	"strings"
	"sync"
)

// WithSecretSink receives every secret value the client comes to hold (each
// access token it obtains), so the caller can mask it in its output. Values
// the caller gave the client itself (the password, the OAuth2 client secret)
// are not repeated. Each distinct value is passed once, before it is first
// used; calls never overlap, but they come from whichever goroutine sent the
// request that needed the token.
func WithSecretSink(sink func(string)) Option { return func(c *config) { c.secretSink = sink } }

// secretSet holds the secrets of one client: the ones it was given and the
// tokens it obtained. Errors built from server answers are scrubbed of all of
// them, in case a server echoes a header or a form field.
type secretSet struct {
	mu     sync.Mutex
	values []string
	sinkMu sync.Mutex // serialises calls to sink
	sink   func(string)
}

func newSecretSet(sink func(string), given ...string) *secretSet {
	s := &secretSet{sink: sink}
	for _, v := range given {
		s.remember(v)
	}
	return s
}

// obtained records a secret the client came to hold and tells the sink, once
// per distinct value.
func (s *secretSet) obtained(v string) {
	if !s.remember(v) || s.sink == nil {
		return
	}
	s.sinkMu.Lock()
	defer s.sinkMu.Unlock()
	s.sink(v)
}

// remember adds v and reports whether it was new. Empty values are never
// secrets: replacing "" would mangle every string.
func (s *secretSet) remember(v string) bool {
	if v == "" {
		return false
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, known := range s.values {
		if known == v {
			return false
		}
	}
	s.values = append(s.values, v)
	return true
}

// scrub replaces every known secret in text. A nil set scrubs nothing.
func (s *secretSet) scrub(text string) string {
	if s == nil {
		return text
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, v := range s.values {
		text = strings.ReplaceAll(text, v, redacted)
	}
	return text
}

// safeFormatter is a type whose String and GoString leave its secrets out.
type safeFormatter interface {
	String() string
	GoString() string
}

// formatSafe is the body of Format for types holding secrets: every verb
// prints String (GoString for %#v), so no verb can reach the fields (%d or
// %x on the struct itself would print them).
func formatSafe(f fmt.State, verb rune, v safeFormatter) {
	switch {
	case verb == 'v' && f.Flag('#'):
		_, _ = io.WriteString(f, v.GoString())
	case verb == 'q':
		_, _ = fmt.Fprintf(f, "%q", v.String())
	default:
		_, _ = io.WriteString(f, v.String())
	}
}
