package common

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/scm"
)

func TestForEach_boundedAndOrdered(t *testing.T) {
	t.Parallel()
	var inFlight, peak atomic.Int32
	errs := ForEach(t.Context(), 50, 4, func(_ context.Context, i int) error {
		n := inFlight.Add(1)
		defer inFlight.Add(-1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		if i%10 == 3 {
			return fmt.Errorf("item %d", i)
		}
		return nil
	})
	require.Len(t, errs, 50)
	assert.LessOrEqual(t, peak.Load(), int32(4))
	for i, err := range errs {
		if i%10 == 3 {
			assert.EqualError(t, err, fmt.Sprintf("item %d", i), "errors stay at their input index")
		} else {
			assert.NoError(t, err)
		}
	}
}

func TestForEach_cancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	errs := ForEach(ctx, 3, 1, func(context.Context, int) error { return nil })
	for _, err := range errs {
		if err != nil {
			assert.ErrorIs(t, err, context.Canceled)
		}
	}
}

type fakeOrgs struct {
	calls int
	list  []scm.Organization
	err   error
}

func (f *fakeOrgs) List(context.Context) ([]scm.Organization, error) {
	f.calls++
	return f.list, f.err
}

func TestOrgs_Resolve(t *testing.T) {
	t.Parallel()
	list := []scm.Organization{
		{ID: 1, Name: "Uni", Departments: []scm.Department{{ID: 2, Name: "Web"}, {ID: 3, Name: "IT"}}},
		{ID: 4, Name: "College", Departments: []scm.Department{{ID: 5, Name: "Web"}}},
		{ID: 6, Name: "Twin"}, {ID: 7, Name: "Twin"},
	}
	tests := []struct {
		desc    string
		ref     OrgRef
		want    int
		wantErr string
	}{
		{desc: "by id, no listing needed", ref: OrgRef{OrgID: 42}, want: 42},
		{desc: "organization", ref: OrgRef{Organization: "uni"}, want: 1},
		{desc: "department of an organization", ref: OrgRef{Organization: "College", Department: "web"}, want: 5},
		{desc: "unique department alone", ref: OrgRef{Department: "IT"}, want: 3},
		{desc: "ambiguous department", ref: OrgRef{Department: "Web"}, wantErr: `department "Web" is ambiguous: it exists in Uni, College; name the organization or use org_id`},
		{desc: "ambiguous organization", ref: OrgRef{Organization: "Twin"}, wantErr: `organization name "Twin" is ambiguous: ids 6, 7; use org_id`},
		{desc: "unknown organization lists the known ones", ref: OrgRef{Organization: "Nope"},
			wantErr: `organization "Nope" not found; organizations visible to this admin: College, Twin, Twin, Uni`},
		{desc: "unknown department", ref: OrgRef{Organization: "Uni", Department: "HR"}, wantErr: `department "HR" of organization "Uni" not found`},
		{desc: "nothing given", ref: OrgRef{}, wantErr: "give organization, department or org_id"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			f := &fakeOrgs{list: list}
			got, err := NewOrgs(f).Resolve(t.Context(), tc.ref)
			if tc.wantErr != "" {
				require.EqualError(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
			if tc.ref.OrgID != 0 {
				assert.Zero(t, f.calls, "an id needs no listing")
			}
		})
	}
}

func TestOrgs_listsOnceAndNames(t *testing.T) {
	t.Parallel()
	f := &fakeOrgs{list: []scm.Organization{{ID: 1, Name: "Uni", Departments: []scm.Department{{ID: 2, Name: "Web"}}}}}
	o := NewOrgs(f)
	for range 3 {
		_, err := o.Resolve(t.Context(), OrgRef{Organization: "Uni"})
		require.NoError(t, err)
	}
	assert.Equal(t, 1, f.calls)
	assert.Equal(t, "Uni / Web", o.Name(2))
	assert.Empty(t, o.Name(99))
	ids, err := o.AllIDs(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2}, ids)
}

func TestOrgs_listingError(t *testing.T) {
	t.Parallel()
	_, err := NewOrgs(&fakeOrgs{err: errors.New("boom")}).Resolve(t.Context(), OrgRef{Organization: "x"})
	require.EqualError(t, err, "list organizations: boom")
}

func TestConnection_Check(t *testing.T) {
	t.Parallel()
	ok := Connection{Timeout: 120, MaxParallel: 4, Login: "l", CustomerURI: "c", Password: "p"}
	require.NoError(t, ok.Check())
	bad := ok
	bad.Timeout = 0
	require.EqualError(t, bad.Check(), "scm_timeout must be a positive number of seconds, got 0")
	bad = ok
	bad.MaxParallel = 0
	require.EqualError(t, bad.Check(), "scm_max_parallel must be between 1 and 32, got 0")
}

func TestConnectionSpec_isValid(t *testing.T) {
	t.Parallel()
	require.NoError(t, ConnectionSpec().Check())
	assert.True(t, ConnectionSpec().Options["scm_password"].NoLog)
	assert.True(t, ConnectionSpec().Options["scm_client_secret"].NoLog)
}

func TestOrgs_FamilyAndTopLevel(t *testing.T) {
	t.Parallel()
	o := NewOrgs(&fakeOrgs{list: []scm.Organization{
		{ID: 1, Name: "Uni", Departments: []scm.Department{{ID: 2, Name: "Web"}, {ID: 3, Name: "IT"}}}, {ID: 4, Name: "College"}}})
	fam, err := o.Family(t.Context(), 1)
	require.NoError(t, err)
	assert.Equal(t, []int{1, 2, 3}, fam)
	fam, err = o.Family(t.Context(), 3)
	require.NoError(t, err)
	assert.Equal(t, []int{3}, fam)
	top, err := o.TopLevelIDs(t.Context())
	require.NoError(t, err)
	assert.Equal(t, []int{1, 4}, top)
}

func TestDaysLeft(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 22, 23, 30, 0, 0, time.UTC)
	tests := []struct {
		desc  string
		until time.Time
		want  int
	}{
		{desc: "same day", until: time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC), want: 0},
		{desc: "tomorrow morning", until: time.Date(2026, 11, 23, 1, 0, 0, 0, time.UTC), want: 1},
		{desc: "yesterday", until: time.Date(2026, 11, 21, 23, 59, 0, 0, time.UTC), want: -1},
		{desc: "other zone counts in UTC", until: time.Date(2026, 12, 2, 0, 30, 0, 0, time.FixedZone("x", 3600)), want: 9},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, DaysLeft(tc.until, now))
		})
	}
}

func TestJoinReads_namesATokenFailureOnce(t *testing.T) {
	t.Parallel()
	refused := scm.TokenFailure(tokenRefusal(t))
	require.Error(t, refused, "the fixture is a token failure")
	other := errors.New("list suspended domains: 500")
	err := JoinReads([]error{
		fmt.Errorf("list domains: %w", refused), nil, other,
		fmt.Errorf("list DCV statuses: %w", refused), fmt.Errorf("list domains delegated to 1001: %w", refused),
	})
	require.Error(t, err)
	assert.Equal(t, 1, strings.Count(err.Error(), refused.Error()), err.Error())
	assert.Contains(t, err.Error(), "list domains: "+refused.Error()+" (2 other reads failed the same way)")
	assert.Contains(t, err.Error(), other.Error(), "a different failure is kept")
	assert.ErrorIs(t, err, scm.ErrOAuthClient, "the chain still holds the refusal")

	one := JoinReads([]error{fmt.Errorf("a: %w", refused), fmt.Errorf("b: %w", refused)})
	assert.Equal(t, "a: "+refused.Error()+" (1 other read failed the same way)", one.Error())
	assert.NoError(t, JoinReads([]error{nil, nil}))
	assert.Equal(t, other.Error(), JoinReads([]error{other}).Error(), "no token failure: errors.Join's text")
}

// tokenRefusal is what the client returns when the token server refuses the API key.
func tokenRefusal(t *testing.T) error {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		_, _ = w.Write([]byte(`{"error":"invalid_client","error_description":"Client disabled"}`))
	}))
	t.Cleanup(srv.Close)
	c, err := scm.New(srv.URL, scm.Credentials{},
		scm.WithOAuth2(scm.OAuth2{TokenURL: srv.URL + "/token", ClientID: "ops", ClientSecret: "ops-secret"}))
	require.NoError(t, err)
	_, err = c.Organizations.List(context.Background())
	return err
}
