package scmdcv

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTargetFor(t *testing.T) {
	t.Parallel()
	entries := []string{"example.org", "www.example.org", "*.example.org", "*.wild.example", "deep.sub.example.net"}
	tests := []struct {
		desc   string
		name   string
		want   string
		wantOK bool
	}{
		{desc: "the domain itself", name: "example.org", want: "example.org", wantOK: true},
		{desc: "a subdomain entry maps to the entry with the fewest labels", name: "www.example.org", want: "example.org", wantOK: true},
		{desc: "a name below any entry", name: "a.b.example.org", want: "example.org", wantOK: true},
		{desc: "a wildcard maps to its base", name: "*.example.org", want: "example.org", wantOK: true},
		{desc: "a wildcard below a subdomain", name: "*.www.example.org", want: "example.org", wantOK: true},
		{desc: "only a wildcard entry: its base is validated", name: "www.wild.example", want: "wild.example", wantOK: true},
		{desc: "a parent of an entry is not covered", name: "sub.example.net", wantOK: false},
		{desc: "an unknown domain", name: "other.org", wantOK: false},
		{desc: "a suffix that is not a label boundary", name: "myexample.org", wantOK: false},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got, ok := targetFor(tc.name, entries)
			assert.Equal(t, tc.wantOK, ok)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestMappingNote(t *testing.T) {
	t.Parallel()
	assert.Empty(t, mappingNote("example.org", "example.org"))
	assert.Contains(t, mappingNote("*.example.org", "example.org"), "wildcard is validated through its base")
	note := mappingNote("*.www.example.org", "example.org")
	assert.Contains(t, note, "-723")
	assert.Contains(t, note, "fewest labels above www.example.org")
}

func TestEnums(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc, in, wantEnum, wantValidatedBy string
	}{
		{desc: "constant", in: "NOT_VALIDATED", wantEnum: "NOT_VALIDATED", wantValidatedBy: "not_validated"},
		{desc: "display name", in: "Awaiting submission", wantEnum: "AWAITING_SUBMISSION", wantValidatedBy: "awaiting_submission"},
		{desc: "OAS cname", in: "CNAME_CSR_HASH", wantEnum: "CNAME_CSR_HASH", wantValidatedBy: methodCNAME},
		{desc: "OAS https before http", in: "HTTPS_CSR_HASH", wantEnum: "HTTPS_CSR_HASH", wantValidatedBy: methodHTTPS},
		{desc: "OAS http", in: "HTTP_CSR_HASH", wantEnum: "HTTP_CSR_HASH", wantValidatedBy: methodHTTP},
		{desc: "OAS txt", in: "DNSTXT_RANDOM_VALUE", wantEnum: "DNSTXT_RANDOM_VALUE", wantValidatedBy: methodTXT},
		{desc: "plain email", in: "Email", wantEnum: "EMAIL", wantValidatedBy: methodEmail},
		{desc: "empty", in: " ", wantEnum: "", wantValidatedBy: ""},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.wantEnum, normEnum(tc.in))
			assert.Equal(t, tc.wantValidatedBy, validatedBy(tc.in))
		})
	}
}

func TestDesire(t *testing.T) {
	t.Parallel()
	base := func(p Params) Params {
		p.State, p.MinDaysValid, p.WaitTimeout = "present", days(30), 600
		if p.Method == "" {
			p.Method = methodCNAME
		}
		return p
	}
	tests := []struct {
		desc    string
		p       Params
		want    []string
		wantErr string
	}{
		{desc: "single name normalised", p: base(Params{Domain: "WWW.Example.ORG."}), want: []string{"www.example.org"}},
		{desc: "list keeps order, wildcard allowed", p: base(Params{Domains: []string{"b.org", "*.a.org"}}),
			want: []string{"b.org", "*.a.org"}},
		{desc: "IDN to punycode", p: base(Params{Domain: "bücher.example"}), want: []string{"xn--bcher-kva.example"}},
		{desc: "invalid name names its parameter", p: base(Params{Domains: []string{"ok.org", "a..org"}}),
			wantErr: `domains[1]: invalid domain name "a..org"`},
		{desc: "duplicate after normalisation", p: base(Params{Domains: []string{"a.org", "A.org."}}),
			wantErr: `domains[1]: domain "a.org" is already given by domains[0]`},
		{desc: "empty list", p: base(Params{Domains: []string{}}), wantErr: "domains must name at least one domain"},
		{desc: "email with another method", p: base(Params{Domain: "a.org", Email: "admin@a.org"}),
			wantErr: `email is used with method=email only, but method is "cname"`},
		{desc: "email submit without an address", p: base(Params{Domain: "a.org", Method: methodEmail, Submit: true}),
			wantErr: "email is required with method=email and submit=true"},
		{desc: "not an address", p: base(Params{Domain: "a.org", Method: methodEmail, Email: "admin"}),
			wantErr: `email: "admin" is not an email address`},
		{desc: "wait with absent", p: Params{Domain: "a.org", State: "absent", Wait: true, WaitTimeout: 5},
			wantErr: "submit and wait apply to state=present only"},
		{desc: "negative min_days_valid", p: Params{Domain: "a.org", State: "present", Method: methodCNAME, MinDaysValid: days(-1), WaitTimeout: 5},
			wantErr: "min_days_valid must be 0 or more"},
		{desc: "zero wait_timeout", p: Params{Domain: "a.org", State: "present", Method: methodCNAME},
			wantErr: "wait_timeout must be a positive number of seconds"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			tk, err := desire(tc.p)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			var names []string
			for _, w := range tk.Wants {
				names = append(names, w.Name)
			}
			assert.Equal(t, tc.want, names)
		})
	}
}
