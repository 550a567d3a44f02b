package scm

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every spelling SCM uses for a known value decodes to its constant; a value the package does not know
// arrives as SCM sent it.
func TestEnums_decodeSpellings(t *testing.T) {
	t.Parallel()
	type statuses struct {
		SSL        SSLStatus         `json:"ssl"`
		DCV        DCVState          `json:"dcv"`
		Order      DCVOrderState     `json:"order"`
		Domain     DomainState       `json:"domain"`
		Delegation DelegationState   `json:"delegation"`
		ACME       ACMEAccountStatus `json:"acme"`
	}
	for _, tc := range []struct {
		desc, body string
		want       statuses
	}{
		{desc: "documented spellings",
			body: `{"ssl":"Issued","dcv":"NOT_VALIDATED","order":"AWAITING_SUBMISSION","domain":"ACTIVE","delegation":"REQUESTED","acme":"pending"}`,
			want: statuses{SSLIssued, DCVNotValidated, DCVOrderAwaitingSubmission, DomainActive, DelegationRequested, ACMEStatusPending}},
		{desc: "display names and other cases",
			body: `{"ssl":"SA Approved","dcv":"Not validated","order":"Awaiting Submission","domain":"suspended","delegation":"Requested","acme":"Valid"}`,
			want: statuses{SSLSAApproved, DCVNotValidated, DCVOrderAwaitingSubmission, DomainSuspended, DelegationRequested, ACMEStatusValid}},
		{desc: "hyphens, padding, upper case",
			body: `{"ssl":" ISSUED ","dcv":"not-validated","order":"not_initiated","domain":"Active","delegation":"active","acme":"PENDING"}`,
			want: statuses{SSLIssued, DCVNotValidated, DCVOrderNotInitiated, DomainActive, DelegationActive, ACMEStatusPending}},
		{desc: "unknown values pass through as sent",
			body: `{"ssl":"On hold","dcv":"Pending review","order":"QUEUED","domain":"Archived","delegation":"REJECTED","acme":"deactivated"}`,
			want: statuses{"On hold", "Pending review", "QUEUED", "Archived", "REJECTED", "deactivated"}},
		{desc: "null and absent are empty", body: `{"ssl":null}`, want: statuses{}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			var got statuses
			require.NoError(t, decodeJSON([]byte(tc.body), &got))
			assert.Equal(t, tc.want, got)
		})
	}
}

// A number where SCM should send a status is read as its text, like any string field.
func TestEnums_decodeNumber(t *testing.T) {
	t.Parallel()
	var got struct {
		Status SSLStatus `json:"status"`
	}
	require.NoError(t, decodeJSON([]byte(`{"status":7}`), &got))
	assert.Equal(t, SSLStatus("7"), got.Status)
	require.Error(t, decodeJSON([]byte(`{"status":{}}`), &got), "an object is no status")
}

func TestParseSSLStatus(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in     string
		want   SSLStatus
		wantOK bool
	}{
		{in: "Issued", want: SSLIssued, wantOK: true},
		{in: "expired", want: SSLExpired, wantOK: true},
		{in: "SA Approved", want: SSLSAApproved, wantOK: true},
		{in: "Valid", want: "Valid"},
		{in: "", want: ""},
	} {
		got, ok := ParseSSLStatus(tc.in)
		assert.Equal(t, tc.want, got, tc.in)
		assert.Equal(t, tc.wantOK, ok, tc.in)
	}
	assert.Len(t, SSLStatuses(), 13)
	assert.Equal(t, SSLRequested, SSLStatuses()[0], "documented order")
}

func TestParseACMEAccountStatus(t *testing.T) {
	t.Parallel()
	got, ok := ParseACMEAccountStatus("Pending")
	assert.Equal(t, ACMEStatusPending, got)
	assert.True(t, ok)
	got, ok = ParseACMEAccountStatus("deactivated")
	assert.Equal(t, ACMEAccountStatus("deactivated"), got)
	assert.False(t, ok)
}
