package acmeuserdomains

import (
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
)

// buildResult reports what was (or, in check mode, would be) added and removed, and the mapping after.
func buildResult(env *ansible.Env, o observed, done Plan, after []string) *ansible.Result {
	res := &ansible.Result{
		Changed: !done.empty(),
		Data: map[string]any{
			"account_id": o.AccountID, "added": nonNil(done.Add), "removed": nonNil(done.Remove), "domains": nonNil(after),
		},
	}
	if env.Diff && res.Changed {
		res.Diff = &ansible.Diff{
			Before: lines(o.Domains), After: lines(after),
			BeforeHeader: fmt.Sprintf("ACME account %d (before)", o.AccountID),
			AfterHeader:  fmt.Sprintf("ACME account %d (after)", o.AccountID),
		}
	}
	return res
}

// lines is a sorted list as text, one name per line, which Ansible shows as a readable unified diff.
func lines(names []string) string {
	if len(names) == 0 {
		return ""
	}
	return strings.Join(names, "\n") + "\n"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
