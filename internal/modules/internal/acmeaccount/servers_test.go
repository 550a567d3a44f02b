package acmeaccount

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/modules/internal/simtest"
	"github.com/scmkit/sectigo/internal/scm"
	"github.com/scmkit/sectigo/internal/scmsim"
)

func TestSameValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc string
		a, b string
		want bool
	}{
		{desc: "equal URLs", a: "https://acme.sectigo.com/v2/OV", b: "https://acme.sectigo.com/v2/OV", want: true},
		{desc: "host case, default port, trailing slash", a: "HTTPS://ACME.sectigo.com:443/v2/OV/", b: "https://acme.sectigo.com/v2/OV", want: true},
		{desc: "path case matters", a: "https://acme.sectigo.com/v2/ov", b: "https://acme.sectigo.com/v2/OV"},
		{desc: "other port", a: "https://127.0.0.1:8443/acme/v2/OV", b: "https://127.0.0.1/acme/v2/OV"},
		{desc: "names ignore case and space", a: " Sectigo OV ACME ", b: "sectigo ov acme", want: true},
		{desc: "name against URL", a: "OV", b: "https://acme.sectigo.com/v2/OV"},
		{desc: "not an http URL is a name", a: "ftp://x/OV", b: "FTP://x/OV", want: true},
		{desc: "different names", a: "DV", b: "OV"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, SameValue(tc.a, tc.b))
			assert.Equal(t, tc.want, SameValue(tc.b, tc.a), "symmetric")
		})
	}
}

func TestServers_Resolve(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	client := newClient(t, sim)
	ov := sim.URL + "/acme/v2/OV"
	tests := []struct {
		desc    string
		value   string
		wantURL string
		wantErr []string
	}{
		{desc: "by name", value: "Sectigo OV ACME (demo)", wantURL: ov},
		{desc: "by name, other case", value: "sectigo ov acme (DEMO)", wantURL: ov},
		{desc: "by URL with a trailing slash", value: ov + "/", wantURL: ov},
		{desc: "unknown name lists the valid ones", value: "OV",
			wantErr: []string{`acme_server: "OV" is not an ACME server`, `"Sectigo DV ACME (demo)" (` + sim.URL + "/acme/v2/DV)"}},
		{desc: "URL of another host", value: "https://acme.sectigo.com/v2/OV", wantErr: []string{"is not an ACME server"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			srv, err := NewServers(client.ACME).Resolve(t.Context(), tc.value)
			if tc.wantErr != nil {
				require.Error(t, err)
				for _, s := range tc.wantErr {
					assert.Contains(t, err.Error(), s)
				}
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.wantURL, srv.URL)
		})
	}
}

func TestServers_listsOnce(t *testing.T) {
	t.Parallel()
	sim := simtest.Start(t, scmsim.Options{})
	servers := NewServers(newClient(t, sim).ACME)
	mark := sim.Mark()
	for _, v := range []string{"Sectigo OV ACME (demo)", "Sectigo DV ACME (demo)", "nope"} {
		_, _ = servers.Resolve(t.Context(), v)
	}
	assert.Len(t, sim.JournalSince(mark), 1)
}

// failingLister fails every listing: a resolver must report it, naming the listing.
type failingLister struct{}

func (failingLister) ListAllServers(_ context.Context, _ *scm.ListACMEServersOptions) ([]scm.ACMEServer, error) {
	return nil, errors.New("boom")
}

func TestServers_listingError(t *testing.T) {
	t.Parallel()
	_, err := NewServers(failingLister{}).Resolve(t.Context(), "OV")
	require.EqualError(t, err, "list ACME servers: boom")
}
