package acmedomain

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/scm"
)

// reader is every SCM read the module makes. observe only ever sees this interface, so a write during
// observation does not compile.
type reader interface {
	ListAll(ctx context.Context, opts *scm.ListDomainsOptions) ([]scm.DomainSummary, error)
	Get(ctx context.Context, id int) (*scm.Domain, error)
}

// dcvReader reads the DCV listing (list form only: statuses for all domains in one paged read).
type dcvReader interface {
	ListAll(ctx context.Context, opts *scm.ListDCVOptions) ([]scm.DCVValidation, error)
}

// observed is what SCM holds for one domain, normalised.
type observed struct {
	Exists           bool
	ID               int
	State            string // ACTIVE or SUSPENDED
	Description      *string
	Delegations      []delegation
	HasRequested     bool // some delegation waits for approval
	ValidationStatus string
	// Detailed is true when the domain's details were read; from listings alone the certificate
	// types of a delegation are unknown.
	Detailed bool
}

// delegation is one delegation of a domain as SCM reports it.
type delegation struct {
	OrgID     int
	CertTypes []string // sorted; nil when unknown
	Status    string   // ACTIVE or REQUESTED; "" when unknown
}

func (o *observed) delegationTo(orgID int) *delegation {
	for i := range o.Delegations {
		if o.Delegations[i].OrgID == orgID {
			return &o.Delegations[i]
		}
	}
	return nil
}

// observeOne reads one domain by name: a filtered listing, then its details. Two requests in all.
func observeOne(ctx context.Context, rd reader, name string) (*observed, error) {
	id, found, err := findID(ctx, rd, name)
	if err != nil || !found {
		return &observed{}, err
	}
	return observeDetails(ctx, rd, id)
}

// findID finds a domain's id with the listing's name filter. SCM does not say whether the filter
// matches exactly or as a substring, so the match is made here, exactly and case-insensitively.
func findID(ctx context.Context, rd reader, name string) (int, bool, error) {
	list, err := rd.ListAll(ctx, &scm.ListDomainsOptions{Name: name})
	if err != nil {
		return 0, false, fmt.Errorf("look up domain %s: %w", name, err)
	}
	for _, d := range list {
		if strings.EqualFold(strings.TrimSuffix(d.Name, "."), name) {
			return d.ID, true, nil
		}
	}
	return 0, false, nil
}

// observeDetails reads a domain's details. A domain deleted in the meantime is absent, not an error.
func observeDetails(ctx context.Context, rd reader, id int) (*observed, error) {
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
		Exists: true, ID: d.ID, State: strings.ToUpper(d.State), Description: optional(d.Description),
		ValidationStatus: strings.ToUpper(d.ValidationStatus), Detailed: true,
	}
	for _, dl := range d.Delegations {
		status := strings.ToUpper(dl.Status)
		o.Delegations = append(o.Delegations, delegation{OrgID: dl.OrgID, CertTypes: sortedCopy(dl.CertTypes), Status: status})
		o.HasRequested = o.HasRequested || status == "REQUESTED"
	}
	return o
}

// optional maps SCM's "no value" (an absent or empty field) to nil: the reference does not list
// `description` among the fields a domain read returns, so an empty one means "unknown", not "empty".
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
