package scm

import (
	"errors"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// v1OnlyServer answers like an SCM instance without ACME v2: every v2 path
// gets the web server's bare 404 (text, no SCM envelope).
func v1OnlyServer(t *testing.T) (*Client, *atomic.Int32) {
	t.Helper()
	client, mux := setup(t)
	var v2Hits atomic.Int32
	mux.HandleFunc("/api/acme/v2/", func(w http.ResponseWriter, r *http.Request) {
		v2Hits.Add(1)
		http.NotFound(w, r)
	})
	mux.HandleFunc("GET /api/acme/v1/account/311", func(w http.ResponseWriter, r *http.Request) {
		assertAuth(t, r)
		_, _ = w.Write(fixture(t, "acme/account-v1.json"))
	})
	mux.HandleFunc("POST /api/acme/v1/account", func(w http.ResponseWriter, r *http.Request) {
		assertBody(t, r, fixture(t, "acme/create-account-request.json"))
		w.Header().Set("Location", "https://cert-manager.com/api/acme/v1/account/312")
		w.WriteHeader(http.StatusCreated)
	})
	mux.HandleFunc("POST /api/acme/v1/account/311/domains", func(w http.ResponseWriter, r *http.Request) {
		assertBody(t, r, fixture(t, "acme/domains-request.json"))
		writeJSON(w, http.StatusOK, `{}`)
	})
	mux.HandleFunc("DELETE /api/acme/v1/account/311/domains", func(w http.ResponseWriter, r *http.Request) {
		assertBody(t, r, fixture(t, "acme/domains-request.json"))
		writeJSON(w, http.StatusOK, `{"notRemovedDomains":[]}`)
	})
	return client, &v2Hits
}

func TestACMEService_fallsBackToV1OnceAndRemembers(t *testing.T) {
	t.Parallel()
	client, v2Hits := v1OnlyServer(t)
	ctx := t.Context()

	acct, err := client.ACME.GetAccount(ctx, 311)
	require.NoError(t, err)
	assert.Equal(t, []ACMEDomainName{{Name: "web01.example.org"}, {Name: "*.example.org"}, {Name: "api.example.net"}}, acct.Domains)
	assert.Equal(t, int32(1), v2Hits.Load(), "the first call probes v2 once")

	id, err := client.ACME.CreateAccount(ctx, &CreateACMEAccountRequest{Name: "web01.example.org",
		ACMEServer: "https://acme.sectigo.com/v2/OV", OrganizationID: 4001})
	require.NoError(t, err)
	assert.Equal(t, 312, id)

	notAdded, err := client.ACME.AddDomains(ctx, 311, []string{"web01.example.org", "*.example.org"})
	require.NoError(t, err)
	assert.Empty(t, notAdded)
	notRemoved, err := client.ACME.RemoveDomains(ctx, 311, []string{"web01.example.org", "*.example.org"})
	require.NoError(t, err)
	assert.Empty(t, notRemoved)
	assert.Equal(t, int32(1), v2Hits.Load(), "once v1 answered, v2 is never tried again")
}

func TestACMEService_ListAccountDomains_v1UsesAccountBody(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc string
		opts *ListACMEDomainsOptions
		all  bool
		want []ACMEAccountDomain
	}{
		{desc: "all", opts: nil, all: true,
			want: []ACMEAccountDomain{{Name: "web01.example.org"}, {Name: "*.example.org"}, {Name: "api.example.net"}}},
		{desc: "regex filter", opts: &ListACMEDomainsOptions{Name: `example\.org$`}, all: true,
			want: []ACMEAccountDomain{{Name: "web01.example.org"}, {Name: "*.example.org"}}},
		{desc: "page", opts: &ListACMEDomainsOptions{ListOptions: ListOptions{Position: 1, Size: 1}},
			want: []ACMEAccountDomain{{Name: "*.example.org"}}},
		{desc: "page past the end", opts: &ListACMEDomainsOptions{ListOptions: ListOptions{Position: 9, Size: 1}},
			want: []ACMEAccountDomain{}},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			client, _ := v1OnlyServer(t)
			list := client.ACME.ListAccountDomains
			if tc.all {
				list = client.ACME.ListAllAccountDomains
			}
			got, err := list(t.Context(), 311, tc.opts)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestACMEService_ListAccountDomains_v1BadRegex_error(t *testing.T) {
	t.Parallel()
	client, _ := v1OnlyServer(t)
	_, err := client.ACME.ListAccountDomains(t.Context(), 311, &ListACMEDomainsOptions{Name: "("})
	require.ErrorContains(t, err, `scm: domain name filter "(": error parsing regexp`)
}

func TestACMEService_ListClients_v1_error(t *testing.T) {
	t.Parallel()
	client, _ := v1OnlyServer(t)
	_, err := client.ACME.ListClients(t.Context(), 311)
	require.ErrorIs(t, err, errors.ErrUnsupported)
	require.EqualError(t, err, "scm: list ACME clients of account 311: "+
		"scm: this operation needs the ACME v2 API, which this SCM instance does not serve\nunsupported operation")
}

func TestACMEService_unknownIDOnV2DoesNotFallBack(t *testing.T) {
	t.Parallel()
	client, mux := setup(t)
	var v1Hits atomic.Int32
	mux.HandleFunc("/api/acme/v1/", func(w http.ResponseWriter, r *http.Request) { v1Hits.Add(1) })
	mux.HandleFunc("GET /api/acme/v2/account/9", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, `{"code":-1,"description":"ACME account not found"}`)
	})
	_, err := client.ACME.GetAccount(t.Context(), 9)
	require.ErrorIs(t, err, ErrNotFound)

	// v2 answered with an SCM envelope, so v2 is now known: even a bare 404
	// later is an error, not a reason to switch generations.
	_, err = client.ACME.GetAccount(t.Context(), 10)
	require.ErrorIs(t, err, ErrNotFound)
	require.EqualError(t, err, "scm: GET /acme/v2/account/10: 404: Not Found")
	assert.Zero(t, v1Hits.Load())
}

func TestACMEService_neitherGenerationServed_error(t *testing.T) {
	t.Parallel()
	client, _ := setup(t) // every path is a bare 404
	_, err := client.ACME.GetAccount(t.Context(), 311)
	require.ErrorIs(t, err, ErrNotFound)
	require.EqualError(t, err, "scm: GET /acme/v1/account/311: 404: Not Found")
	assert.Equal(t, acmeUnknown, client.acmeGen.Load(), "no generation proved itself")
}

func TestACMEService_concurrentProbing(t *testing.T) {
	t.Parallel()
	client, _ := v1OnlyServer(t)
	var wg sync.WaitGroup
	errs := make([]error, 16)
	for i := range errs {
		wg.Go(func() {
			_, errs[i] = client.ACME.GetAccount(t.Context(), 311)
		})
	}
	wg.Wait()
	for _, err := range errs {
		require.NoError(t, err)
	}
	assert.Equal(t, acmeV1, client.acmeGen.Load())
}

func TestMissingEndpoint(t *testing.T) {
	t.Parallel()
	c := &Client{}
	r := &request{method: http.MethodGet, path: "/acme/v2/account"}
	assert.False(t, missingEndpoint(errors.New("connection refused")), "only API answers count")
	for _, tc := range []struct {
		desc   string
		status int
		body   string
		want   bool
	}{
		{desc: "empty 404", status: 404, body: "", want: true},
		{desc: "html 404", status: 404, body: "<html><body>Not Found</body></html>", want: true},
		{desc: "spring 404", status: 404, body: `{"timestamp":"2025-01-01","status":404,"error":"Not Found","path":"/api/acme/v2/account"}`, want: true},
		{desc: "envelope 404", status: 404, body: `{"code":-1,"description":"Not found"}`, want: false},
		{desc: "description-only 404", status: 404, body: `{"description":"Entity not found"}`, want: false},
		{desc: "bare 400", status: 400, body: "", want: false},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			err := c.newAPIError(r, tc.status, []byte(tc.body))
			assert.Equal(t, tc.want, missingEndpoint(err))
		})
	}
}
