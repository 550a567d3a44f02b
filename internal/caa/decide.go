package caa

// verdict is the decision on one name's relevant RRset, with what explain
// needs to say why.
type verdict struct {
	allowed bool
	// property is the tag that governs the name: issuewild for a wildcard
	// whose RRset has any issuewild record, issue otherwise.
	property string
	// governing are the records of that property; empty means the RRset
	// restricts no CA (RFC 8659 §4.2: without issue records any CA may issue).
	governing []Record
	// fallback is set for a wildcard governed by issue because the RRset has
	// no issuewild record (RFC 8659 §4.3).
	fallback bool
	// authorising is the governing record that names the issuer, if any.
	authorising *Record
	// critical are the records that forbid issuance on their own: the
	// critical flag on a tag the CA does not understand (RFC 8659 §4.1).
	critical []Record
}

// decide applies RFC 8659 §4 to the relevant RRset of a name. wildcard says
// whether the name asked for is "*.x" (rrset is then x's relevant RRset).
func decide(rrset []Record, wildcard bool, issuer string) verdict {
	v := verdict{critical: filter(rrset, Record.unknownCritical)}
	v.property, v.governing, v.fallback = governing(rrset, wildcard)
	for i, r := range v.governing {
		if parseIssueValue(r.Value).names(issuer) {
			v.authorising = &v.governing[i]
			break
		}
	}
	restricted := len(v.governing) > 0 && v.authorising == nil
	v.allowed = !restricted && len(v.critical) == 0
	return v
}

// governing picks the property that applies to the name. issuewild applies
// only to wildcards, and when present it replaces issue for them entirely;
// without it, issue governs wildcards too.
func governing(rrset []Record, wildcard bool) (property string, recs []Record, fallback bool) {
	issue := filter(rrset, func(r Record) bool { return r.hasTag(tagIssue) })
	if !wildcard {
		return tagIssue, issue, false
	}
	if wild := filter(rrset, func(r Record) bool { return r.hasTag(tagIssueWild) }); len(wild) > 0 {
		return tagIssueWild, wild, false
	}
	return tagIssue, issue, len(issue) > 0
}

// filter returns the records for which keep is true, in order.
func filter(recs []Record, keep func(Record) bool) []Record {
	var out []Record
	for _, r := range recs {
		if keep(r) {
			out = append(out, r)
		}
	}
	return out
}
