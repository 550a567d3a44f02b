package scmdcv

import (
	"fmt"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
)

// want is one name the task asks about, as normalised here.
type want struct {
	Name  string // canonical; may be a wildcard
	Param string // where it came from, for messages: "domain" or "domains[3]"
}

// task is the whole request, checked: the names in order and the settings they share.
type task struct {
	Wants        []want
	Single       bool // the domain form (result under "domain" instead of "domains")
	Present      bool
	Method       string // "" only when absent
	Email        string
	MinDays      int  // min_days_valid; when not MinDaysGiven, onDay sets the default of the run's day
	MinDaysGiven bool // min_days_valid is set in the task
	Submit       bool
	Wait         bool
	WaitTimeout  time.Duration
	CAA          common.CAAOptions
}

// desire normalises and checks every parameter before any request: a bad name, a missing email or a
// wait that cannot end well fails here, naming the parameter.
func desire(p Params) (*task, error) {
	t := &task{Single: p.Domains == nil, Present: p.State == "present", Method: p.Method,
		Email: strings.ToLower(strings.TrimSpace(p.Email)), Submit: p.Submit, Wait: p.Wait,
		WaitTimeout: time.Duration(p.WaitTimeout) * time.Second, CAA: p.CAAOptions}
	if p.MinDaysValid != nil {
		t.MinDays, t.MinDaysGiven = *p.MinDaysValid, true
	}
	if err := t.addNames(p); err != nil {
		return nil, err
	}
	if err := t.check(); err != nil {
		return nil, err
	}
	return t, nil
}

func (t *task) addNames(p Params) error {
	names, params := []string{p.Domain}, []string{"domain"}
	if !t.Single {
		names, params = p.Domains, make([]string, len(p.Domains))
		for i := range p.Domains {
			params[i] = fmt.Sprintf("domains[%d]", i)
		}
	}
	if len(names) == 0 {
		return fmt.Errorf("domains must name at least one domain")
	}
	seen := map[string]string{}
	for i, raw := range names {
		name, err := dnsname.NormalizeWith(raw, dnsname.Options{AllowWildcard: true})
		if err != nil {
			return fmt.Errorf("%s: %w", params[i], err)
		}
		if first, dup := seen[name]; dup {
			return fmt.Errorf("%s: domain %q is already given by %s", params[i], name, first)
		}
		seen[name] = params[i]
		t.Wants = append(t.Wants, want{Name: name, Param: params[i]})
	}
	return nil
}

func (t *task) check() error {
	switch {
	case t.MinDays < 0:
		return fmt.Errorf("min_days_valid must be 0 or more, got %d", t.MinDays)
	case t.WaitTimeout <= 0:
		return fmt.Errorf("wait_timeout must be a positive number of seconds, got %d", int(t.WaitTimeout/time.Second))
	case !t.Present && (t.Submit || t.Wait):
		return fmt.Errorf("submit and wait apply to state=present only; state=absent clears pending orders")
	case t.Email != "" && t.Method != methodEmail:
		return fmt.Errorf("email is used with method=email only, but method is %q", t.Method)
	case t.Method == methodEmail && t.Submit && t.Email == "":
		return fmt.Errorf("email is required with method=email and submit=true: SCM sends the validation mail to it")
	case t.Email != "" && !strings.Contains(t.Email, "@"):
		return fmt.Errorf("email: %q is not an email address", t.Email)
	}
	return nil
}

// submits reports whether the task submits orders: when asked, and always for TXT, whose only step is
// the submit that creates the order and hands out the record.
func (t *task) submits() bool { return t.Submit || t.Method == methodTXT }

// WaitTime is the time the run may spend waiting after its writes, on top of scm_timeout for the
// requests: wait_timeout when waiting, else none.
func (t *task) WaitTime() time.Duration {
	if t.Wait {
		return t.WaitTimeout
	}
	return 0
}
