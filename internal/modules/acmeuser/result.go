package acmeuser

import (
	"strings"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// buildResult assembles the result from the plan and, after a real run, what was done. In check mode
// it shows the predicted state.
func buildResult(env *ansible.Env, w want, o observed, pl Plan, d done) *ansible.Result {
	after, actions := predicted(o, pl), pl.actions(w, o)
	if d.Applied {
		after, actions = d.Account, doneActions(w, o, d)
	}
	res := &ansible.Result{Changed: len(actions) > 0, Data: map[string]any{"actions": actions, "account": map[string]any{}}}
	if after != nil {
		res.Data["account"] = accountView(after, o.Server)
		if after.MacID != "" {
			res.Data["eab_kid"] = after.MacID
		}
		switch {
		case after.MacKey != "" && (d.Created || w.ReturnEAB):
			res.Revealed = map[string]any{"eab_hmac_key": after.MacKey}
		case after.MacKey == "" && after.ID != 0 && !d.Unread && (d.Created || w.ReturnEAB):
			res.Warnings = append(res.Warnings, missingKey(after.ID))
		}
	}
	if env.Diff && res.Changed {
		res.Diff = &ansible.Diff{
			Before: diffView(o.Account, o.Server, w, fileBefore(w, o, pl)),
			After:  diffView(after, o.Server, w, fileAfter(w)),
		}
	}
	return res
}

// predicted is the account a run would leave: a new one has no id or credentials yet.
func predicted(o observed, pl Plan) *scm.ACMEAccount {
	switch {
	case pl.Create:
		return &scm.ACMEAccount{Name: o.Key.Name, Status: scm.ACMEStatusPending, OrganizationID: o.Key.OrgID}
	case pl.Delete:
		return nil
	}
	return o.Account
}

func doneActions(w want, o observed, d done) []string {
	return Plan{Create: d.Created, Delete: d.Deleted, WriteFile: d.FileWritten, RemoveFile: d.FileRemoved}.actions(w, o)
}

// accountView is the account as the result shows it; it never holds the HMAC key.
func accountView(a *scm.ACMEAccount, srv scm.ACMEServer) map[string]any {
	m := map[string]any{
		"name": a.Name, "status": strings.ToLower(string(a.Status)), "organization_id": a.OrganizationID,
		"acme_server": srv.URL, "server": srv.URL,
	}
	if a.ID != 0 {
		m["id"] = a.ID
	}
	if a.MacID != "" {
		m["eab_kid"] = a.MacID
	}
	return m
}

// diffView is what --diff shows for one side: the account without secrets, and the file's state.
func diffView(a *scm.ACMEAccount, srv scm.ACMEServer, w want, file string) map[string]any {
	m := map[string]any{"state": "absent"}
	if a != nil {
		m = accountView(a, srv)
		m["state"] = "present"
	}
	if w.EABFile != "" {
		m["eab_file"] = file
	}
	return m
}

func fileBefore(w want, o observed, pl Plan) string {
	switch {
	case w.EABFile == "" || !o.File.Exists:
		return "missing"
	case w.Present && pl.WriteFile:
		return "out of date"
	case w.Present:
		return "current"
	}
	return "present"
}

func fileAfter(w want) string {
	if w.Present {
		return "current"
	}
	return "missing"
}
