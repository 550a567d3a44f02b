package acmedomain

import (
	"context"
	"fmt"
	"sync"

	"github.com/scmkit/sectigo/internal/dnsname"
	"github.com/scmkit/sectigo/internal/modules/internal/common"
	"github.com/scmkit/sectigo/internal/scm"
)

// listing is one paged read of the domain list (or the DCV list) and where its rows go.
type listing struct {
	what string
	read func(ctx context.Context) error
}

// listView collects what the list form learns from listings, before any per-domain read.
type listView struct {
	mu        sync.Mutex
	ids       map[string]int
	inactive  map[string]bool
	requested map[string]bool
	delegated map[int]map[string]bool // org id → names delegated to it
	dcv       map[string]scm.DCVState
}

// observeMany reads the domains of the list form through listings only: every domain, the suspended
// ones, the ones with a delegation waiting for approval, the ones delegated to each organization the
// task names (every organization when purging), and the DCV statuses. Each listing costs one request
// per 200 rows whatever the number of domains in the task, and they run in parallel.
func observeMany(ctx context.Context, rd scm.DomainReader, dcv scm.DCVReader, wants []*want, orgIDs []int, parallel int) (map[string]*observed, error) {
	v := &listView{ids: map[string]int{}, inactive: map[string]bool{}, requested: map[string]bool{},
		delegated: map[int]map[string]bool{}, dcv: map[string]scm.DCVState{}}
	ls := []listing{
		v.domainListing(rd, "domains", &scm.ListDomainsOptions{}, func(n string, id int) { v.ids[n] = id }),
		v.domainListing(rd, "suspended domains", &scm.ListDomainsOptions{State: "inactive"}, func(n string, _ int) { v.inactive[n] = true }),
		v.domainListing(rd, "domains awaiting delegation approval", &scm.ListDomainsOptions{Status: "requested"}, func(n string, _ int) { v.requested[n] = true }),
		v.dcvListing(dcv),
	}
	for _, org := range orgIDs {
		v.delegated[org] = map[string]bool{}
		ls = append(ls, v.domainListing(rd, fmt.Sprintf("domains delegated to %d", org),
			&scm.ListDomainsOptions{OrgID: org}, func(n string, _ int) { v.delegated[org][n] = true }))
	}
	errs := common.ForEach(ctx, len(ls), parallel, func(ctx context.Context, i int) error { return ls[i].read(ctx) })
	if err := common.JoinReads(errs); err != nil {
		return nil, err
	}
	out := make(map[string]*observed, len(wants))
	for _, w := range wants {
		out[w.Name] = v.observed(w.Name, orgIDs)
	}
	return out, nil
}

func (v *listView) domainListing(rd scm.DomainReader, what string, opts *scm.ListDomainsOptions, add func(name string, id int)) listing {
	return listing{what: what, read: func(ctx context.Context) error {
		rows, err := rd.ListAll(ctx, opts)
		if err != nil {
			return fmt.Errorf("list %s: %w", what, err)
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		for _, d := range rows {
			add(dnsname.Lenient(d.Name), d.ID)
		}
		return nil
	}}
}

func (v *listView) dcvListing(dcv scm.DCVReader) listing {
	return listing{what: "DCV statuses", read: func(ctx context.Context) error {
		rows, err := dcv.ListAll(ctx, &scm.ListDCVOptions{})
		if err != nil {
			return fmt.Errorf("list DCV statuses: %w", err)
		}
		v.mu.Lock()
		defer v.mu.Unlock()
		for _, r := range rows {
			v.dcv[dnsname.Lenient(r.Domain)] = r.DCVStatus
		}
		return nil
	}}
}

func (v *listView) observed(name string, orgIDs []int) *observed {
	id, ok := v.ids[name]
	if !ok {
		return &observed{}
	}
	o := &observed{Exists: true, ID: id, State: scm.DomainActive, HasRequested: v.requested[name],
		ValidationStatus: v.dcv[name]}
	if v.inactive[name] {
		o.State = scm.DomainSuspended
	}
	for _, org := range orgIDs {
		if v.delegated[org][name] {
			o.Delegations = append(o.Delegations, delegation{OrgID: org})
		}
	}
	return o
}
