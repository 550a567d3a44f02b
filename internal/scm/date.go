package scm

import (
	"encoding/json"
	"strings"
	"time"
)

// Date is a date SCM sent. SCM writes dates in several layouts
// (scmDateLayouts) and leaves an unset one empty or out. Decoding parses the
// text into Time, so callers work with time.Time; it also keeps the text in
// Raw, because failing a whole response over one odd date would be worse than
// the date being unknown, and callers that report it need SCM's text. So a
// date in no known layout decodes without an error: Time stays zero and
// Unreadable reports it.
type Date struct {
	Time time.Time // zero when SCM sent no date, or one that could not be read
	Raw  string    // SCM's text, trimmed; "" when SCM sent none
}

// scmDateLayouts: SSL details use MM/dd/yyyy; domain and DCV dates
// yyyy-MM-dd; ACME dates ISO-8601 (scm-api.md §3.5). Dates without a zone
// are UTC.
var scmDateLayouts = []string{"01/02/2006", "2006-01-02", time.RFC3339Nano, "2006-01-02 15:04:05"}

// DateOf is the Date that decoding raw gives. Tests and fakes use it to
// build what SCM would send.
func DateOf(raw string) Date {
	d := Date{Raw: strings.TrimSpace(raw)}
	for _, layout := range scmDateLayouts {
		if t, err := time.Parse(layout, d.Raw); err == nil {
			d.Time = t
			break
		}
	}
	return d
}

// IsSet reports whether SCM sent a date at all.
func (d Date) IsSet() bool { return d.Raw != "" }

// Unreadable reports a date SCM sent in a layout this package does not know.
func (d Date) Unreadable() bool { return d.Raw != "" && d.Time.IsZero() }

// UnmarshalJSON reads a JSON string (see Date); null is no date. decodeJSON
// has already turned a number into its text, as for a string field.
func (d *Date) UnmarshalJSON(data []byte) error {
	var s *string
	if err := json.Unmarshal(data, &s); err != nil {
		return err
	}
	if s == nil {
		*d = Date{}
		return nil
	}
	*d = DateOf(*s)
	return nil
}
