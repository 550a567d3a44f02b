package scm

import (
	"net/url"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestSetFilters_everyOptionsType pins the query each List*Options type
// sends: every filter under SCM's key when set, nothing when unset, and never
// the paging (which ListOptions.apply owns).
func TestSetFilters_everyOptionsType(t *testing.T) {
	t.Parallel()
	page := ListOptions{Position: 5, Size: 10}
	for _, tc := range []struct {
		full, zero any
		want       url.Values
	}{
		{
			full: ListDomainsOptions{ListOptions: page, Name: "n", State: "active", Status: "approved", OrgID: 7},
			zero: ListDomainsOptions{},
			want: url.Values{"name": {"n"}, "state": {"active"}, "status": {"approved"}, "orgId": {"7"}},
		},
		{
			full: ListDCVOptions{
				ListOptions: page, Domain: "d", Org: 1, Department: 2, DCVStatus: DCVValidated,
				OrderStatus: DCVOrderSubmitted, ExpiresIn: 30,
			},
			zero: ListDCVOptions{},
			want: url.Values{
				"domain": {"d"}, "org": {"1"}, "department": {"2"}, "dcvStatus": {"VALIDATED"},
				"orderStatus": {"SUBMITTED"}, "expiresIn": {"30"},
			},
		},
		{
			full: ListSSLOptions{
				ListOptions: page, CommonName: "cn", SubjectAlternativeName: "san", Status: SSLIssued,
				SerialNumber: "01:02", ExternalRequester: "r@example.org", SSLTypeID: 3, OrgID: 4,
			},
			zero: ListSSLOptions{},
			want: url.Values{
				"commonName": {"cn"}, "subjectAlternativeName": {"san"}, "status": {"Issued"},
				"serialNumber": {"01:02"}, "externalRequester": {"r@example.org"}, "sslTypeId": {"3"}, "orgId": {"4"},
			},
		},
		{
			full: ListACMEServersOptions{ListOptions: page, Name: "n", URL: "u", CertValidationType: "OV", CAID: 9},
			zero: ListACMEServersOptions{},
			want: url.Values{"name": {"n"}, "url": {"u"}, "certValidationType": {"OV"}, "caId": {"9"}},
		},
		{
			full: ListACMEAccountsOptions{
				ListOptions: page, OrganizationID: 4001, Name: "n", ACMEServer: "s", CertValidationType: "DV",
				Status: ACMEStatusValid,
			},
			zero: ListACMEAccountsOptions{},
			want: url.Values{
				"organizationId": {"4001"}, "name": {"n"}, "acmeServer": {"s"}, "certValidationType": {"DV"},
				"status": {"valid"},
			},
		},
		{
			full: ListACMEDomainsOptions{ListOptions: page, Name: "^a", ExpiresWithinNextDays: 5, StickyExpiresWithinNextDays: 6},
			zero: ListACMEDomainsOptions{},
			want: url.Values{"name": {"^a"}, "expiresWithinNextDays": {"5"}, "stickyExpiresWithinNextDays": {"6"}},
		},
		{full: page, zero: ListOptions{}, want: url.Values{}},
	} {
		full := url.Values{}
		setFilters(full, tc.full)
		assert.Equal(t, tc.want, full, "%T", tc.full)
		zero := url.Values{}
		setFilters(zero, tc.zero)
		assert.Empty(t, zero, "%T: unset filters are not sent", tc.zero)
	}
}

func TestSetFilters_rejectsOtherKinds(t *testing.T) {
	t.Parallel()
	type badOptions struct {
		Flag bool `query:"flag"`
	}
	assert.PanicsWithValue(t, `scm: query filter "flag" of scm.badOptions is a bool, not a string or int`, func() {
		setFilters(url.Values{}, badOptions{Flag: true})
	})
}
