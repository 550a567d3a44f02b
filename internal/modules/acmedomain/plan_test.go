package acmedomain

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func strp(s string) *string { return &s }

func TestPlan(t *testing.T) {
	t.Parallel()
	ssl := []string{"SSL"}
	web := []wantDelegation{{OrgID: 1002, CertTypes: ssl}}
	active := func(ds ...delegation) *observed {
		return &observed{Exists: true, ID: 7, State: "ACTIVE", Detailed: true, Delegations: ds}
	}
	tests := []struct {
		desc       string
		want       want
		cur        *observed
		wantActs   []string
		wantDetail bool
		wantWarn   int
		wantErr    string
	}{
		{desc: "missing domain is created", want: want{Name: "a.org", Present: true, Active: true, delegs: web},
			cur: &observed{}, wantActs: []string{"create a.org"}},
		{desc: "missing domain without delegations cannot be created", want: want{Name: "a.org", Param: "name", Present: true},
			cur: &observed{}, wantErr: "name: domain a.org does not exist and no delegations are given"},
		{desc: "correct domain needs nothing", want: want{Name: "a.org", Present: true, Active: true, delegs: web},
			cur: active(delegation{OrgID: 1002, CertTypes: ssl, Status: "ACTIVE"})},
		{desc: "unmanaged delegations are left alone", want: want{Name: "a.org", Present: true, Active: true},
			cur: active(delegation{OrgID: 9, CertTypes: ssl})},
		{desc: "suspended domain is activated", want: want{Name: "a.org", Present: true, Active: true},
			cur: &observed{Exists: true, State: "SUSPENDED"}, wantActs: []string{"activate a.org"}},
		{desc: "active domain is suspended", want: want{Name: "a.org", Present: true, Active: false},
			cur: active(), wantActs: []string{"suspend a.org"}},
		{desc: "missing delegation is added", want: want{Name: "a.org", Present: true, Active: true, delegs: web},
			cur: active(delegation{OrgID: 9, CertTypes: ssl}), wantActs: []string{"delegate a.org to 1002 (SSL)"}},
		{desc: "missing cert type is added to the delegation",
			want: want{Name: "a.org", Present: true, Active: true, delegs: []wantDelegation{{OrgID: 1002, CertTypes: []string{"SMIME", "SSL"}}}},
			cur:  active(delegation{OrgID: 1002, CertTypes: ssl}), wantActs: []string{"delegate a.org to 1002 (SMIME, SSL)"}},
		{desc: "purge removes other delegations", want: want{Name: "a.org", Present: true, Active: true, delegs: web, Purge: true},
			cur:      active(delegation{OrgID: 1002, CertTypes: ssl}, delegation{OrgID: 9, CertTypes: ssl}),
			wantActs: []string{"remove delegation of a.org to 9"}},
		{desc: "listing-only view with default cert types is enough", want: want{Name: "a.org", Present: true, Active: true, delegs: web},
			cur: &observed{Exists: true, State: "ACTIVE", Delegations: []delegation{{OrgID: 1002}}}},
		{desc: "listing-only view with other cert types needs details",
			want: want{Name: "a.org", Present: true, Active: true, delegs: []wantDelegation{{OrgID: 1002, CertTypes: []string{"SMIME"}}}},
			cur:  &observed{Exists: true, State: "ACTIVE", Delegations: []delegation{{OrgID: 1002}}}, wantDetail: true},
		{desc: "purge from a listing-only view needs details", want: want{Name: "a.org", Present: true, Active: true, delegs: web, Purge: true},
			cur: &observed{Exists: true, State: "ACTIVE", Delegations: []delegation{{OrgID: 1002}, {OrgID: 9}}}, wantDetail: true},
		{desc: "requested delegation approved when asked", want: want{Name: "a.org", Present: true, Active: true, Approve: true},
			cur:      &observed{Exists: true, State: "ACTIVE", Detailed: true, HasRequested: true, Delegations: []delegation{{OrgID: 1002, CertTypes: ssl, Status: "REQUESTED"}}},
			wantActs: []string{"approve delegation of a.org to 1002"}},
		{desc: "requested delegation left pending without approve", want: want{Name: "a.org", Present: true, Active: true},
			cur: &observed{Exists: true, State: "ACTIVE", Detailed: true, HasRequested: true, Delegations: []delegation{{OrgID: 1002, Status: "REQUESTED"}}}},
		{desc: "approval from a listing-only view needs details", want: want{Name: "a.org", Present: true, Active: true, Approve: true},
			cur: &observed{Exists: true, State: "ACTIVE", HasRequested: true}, wantDetail: true},
		{desc: "absent domain is deleted", want: want{Name: "a.org"}, cur: active(), wantActs: []string{"delete a.org"}},
		{desc: "already absent needs nothing", want: want{Name: "a.org"}, cur: &observed{}},
		{desc: "different description is a warning, not a change", want: want{Name: "a.org", Present: true, Active: true, Description: strp("new")},
			cur: &observed{Exists: true, State: "ACTIVE", Description: strp("old")}, wantWarn: 1},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			w := tc.want
			pl, err := plan([]*want{&w}, map[string]*observed{w.Name: tc.cur})
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			it := pl.items[0]
			assert.Equal(t, tc.wantActs, nilIfEmpty(actionStrings(it.actions)))
			assert.Equal(t, tc.wantDetail, it.needDetails)
			assert.Len(t, it.warnings, tc.wantWarn)
			assert.Equal(t, len(tc.wantActs) == 0, pl.empty())
		})
	}
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func TestProject(t *testing.T) {
	t.Parallel()
	w := &want{Name: "a.org", Active: false, Description: strp("d"), delegs: []wantDelegation{{OrgID: 3, CertTypes: []string{"SSL"}}}}
	v := project(view{Name: "a.org", State: "absent"}, w, []action{{Kind: actCreate, Name: "a.org"}})
	assert.Equal(t, "SUSPENDED", v.State)
	assert.Equal(t, []delegation{{OrgID: 3, CertTypes: []string{"SSL"}}}, v.Delegations)
	v = project(v, w, []action{{Kind: actActivate}, {Kind: actDelegate, OrgID: 4, CertTypes: []string{"SMIME"}}, {Kind: actUndelegate, OrgID: 3}})
	assert.Equal(t, "ACTIVE", v.State)
	assert.Equal(t, []delegation{{OrgID: 4, CertTypes: []string{"SMIME"}}}, v.Delegations)
	assert.Equal(t, "absent", project(v, w, []action{{Kind: actDelete}}).State)
}

func TestDesire(t *testing.T) {
	t.Parallel()
	tru := true
	tests := []struct {
		desc    string
		p       Params
		want    []string
		wantErr string
	}{
		{desc: "single name normalised", p: Params{Name: "Example.ORG.", State: "present"}, want: []string{"example.org"}},
		{desc: "wildcard twin follows its base", p: Params{Name: "example.org", IncludeWildcard: true, State: "present"},
			want: []string{"example.org", "*.example.org"}},
		{desc: "IDN to punycode", p: Params{Name: "bücher.example", State: "present"}, want: []string{"xn--bcher-kva.example"}},
		{desc: "list form keeps order, entry overrides twin", p: Params{State: "present", Domains: []Entry{
			{Name: "b.org"}, {Name: "a.org", IncludeWildcard: &tru}}}, want: []string{"b.org", "a.org", "*.a.org"}},
		{desc: "invalid name names the parameter", p: Params{State: "present", Domains: []Entry{{Name: "ok.org"}, {Name: "a..org"}}},
			wantErr: "domains[1].name: "},
		{desc: "duplicate after normalisation", p: Params{State: "present", Domains: []Entry{{Name: "A.org"}, {Name: "a.org."}}},
			wantErr: `domains[1].name: domain "a.org" is already given by domains[0].name`},
		{desc: "wildcard twin of a wildcard", p: Params{Name: "*.a.org", IncludeWildcard: true, State: "present"},
			wantErr: "include_wildcard needs a base name"},
		{desc: "empty cert types", p: Params{Name: "a.org", State: "present", Delegations: []DelegationParam{{}}},
			wantErr: "delegations[0].cert_types must name at least one"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			t0, err := desire(tc.p)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, w := range t0.wants {
				names = append(names, w.Name)
			}
			assert.Equal(t, tc.want, names)
		})
	}
}
