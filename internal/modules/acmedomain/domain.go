package acmedomain

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// The reads of one domain, shared by observe and by apply's confirmations after a lost answer. They
// take a reader, so they can never write.

// findID finds a domain's id with the listing's name filter. SCM does not say whether the filter
// matches exactly or as a substring, so the match is made here, exactly and case-insensitively.
func findID(ctx context.Context, rd scm.DomainReader, name string) (int, bool, error) {
	list, err := rd.ListAll(ctx, &scm.ListDomainsOptions{Name: name})
	if err != nil {
		return 0, false, fmt.Errorf("look up domain %s: %w", name, err)
	}
	for _, d := range list {
		if dnsname.Lenient(d.Name) == name {
			return d.ID, true, nil
		}
	}
	return 0, false, nil
}

// readDomain reads a domain's details. A domain deleted in the meantime is absent, not an error.
func readDomain(ctx context.Context, rd scm.DomainReader, id int) (*observed, error) {
	d, err := rd.Get(ctx, id)
	if errors.Is(err, scm.ErrNotFound) {
		return &observed{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read domain %d: %w", id, err)
	}
	return fromDetails(d), nil
}

func fromDetails(d *scm.Domain) *observed {
	o := &observed{
		Exists: true, ID: d.ID, Name: dnsname.Lenient(d.Name), State: d.State, Description: optional(d.Description),
		ValidationStatus: d.ValidationStatus, Detailed: true,
	}
	for _, dl := range d.Delegations {
		o.Delegations = append(o.Delegations, delegation{OrgID: dl.OrgID, CertTypes: sortedCopy(dl.CertTypes), Status: dl.Status})
		o.HasRequested = o.HasRequested || dl.Status == scm.DelegationRequested
	}
	return o
}

// optional maps SCM's "no value" (an absent or empty field) to nil: the reference does not list
// `description` among the fields a domain read returns, so an empty one means "unknown", not "empty".
func optional(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}

// createdState is what the listings say of a domain the list form created.
type createdState struct {
	Validation scm.DCVState
	Requested  bool // a delegation awaits approval
}

// listedStates are the DCV statuses and the domains with a delegation awaiting approval, by name, from
// one paged read of each listing.
type listedStates struct {
	dcv       map[string]scm.DCVState
	requested map[string]bool
}

func (l listedStates) of(name string) *createdState {
	return &createdState{Validation: l.dcv[name], Requested: l.requested[name]}
}

// listCreatedStates reads the domains awaiting approval and the DCV listing, in parallel.
func listCreatedStates(ctx context.Context, rd scm.DomainReader, dcv scm.DCVReader, parallel int) (listedStates, error) {
	var requested []scm.DomainSummary
	var rows []scm.DCVValidation
	reads := []func(ctx context.Context) error{
		func(ctx context.Context) (err error) {
			requested, err = rd.ListAll(ctx, &scm.ListDomainsOptions{Status: "requested"})
			return err
		},
		func(ctx context.Context) (err error) { rows, err = dcv.ListAll(ctx, &scm.ListDCVOptions{}); return err },
	}
	errs := common.ForEach(ctx, len(reads), parallel, func(ctx context.Context, i int) error { return reads[i](ctx) })
	if err := common.JoinReads(errs); err != nil {
		return listedStates{}, err
	}
	l := listedStates{dcv: map[string]scm.DCVState{}, requested: map[string]bool{}}
	for _, d := range requested {
		l.requested[dnsname.Lenient(d.Name)] = true
	}
	for _, r := range rows {
		l.dcv[dnsname.Lenient(r.Domain)] = r.DCVStatus
	}
	return l, nil
}
