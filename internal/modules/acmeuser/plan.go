package acmeuser

import "fmt"

// Plan is what a run does, in this order: create or delete the account, then write or remove the
// file. It is computed without I/O.
type Plan struct {
	Create, Delete        bool
	WriteFile, RemoveFile bool
	// File is the content the file gets when it is known before applying (the account exists).
	File []byte
}

func (pl Plan) empty() bool { return !pl.Create && !pl.Delete && !pl.WriteFile && !pl.RemoveFile }

// plan compares the wish with what is there.
func plan(w want, o observed) Plan {
	var pl Plan
	if !w.Present {
		pl.Delete = o.Account != nil
		pl.RemoveFile = w.EABFile != "" && o.File.Exists
		return pl
	}
	pl.Create = o.Account == nil
	if w.EABFile == "" {
		return pl
	}
	if pl.Create {
		// A new account has new credentials: whatever the file holds is out of date.
		pl.WriteFile = true
		return pl
	}
	pl.File = renderEAB(o.Account.ID, o.Server.URL, o.Account.MacID, o.Account.MacKey)
	pl.WriteFile = !o.File.current(pl.File)
	return pl
}

// actions lists the plan as the result's `actions` show it.
func (pl Plan) actions(w want, o observed) []string {
	out := []string{}
	if pl.Create {
		out = append(out, fmt.Sprintf("create ACME account %s", o.Key.Name))
	}
	if pl.Delete {
		out = append(out, fmt.Sprintf("delete ACME account %d", o.Account.ID))
	}
	if pl.WriteFile {
		out = append(out, "write eab_file "+w.EABFile)
	}
	if pl.RemoveFile {
		out = append(out, "remove eab_file "+w.EABFile)
	}
	return out
}
