package common

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

func hintsConn() Connection {
	return Connection{URL: "https://scm.example/api", CustomerURI: "acme-corp", Login: "admin", Password: "the-password",
		Cache: true}
}

// testHints are hints in a cache directory of the test's own, on a clock the test sets.
func testHints(t *testing.T, now *time.Time) *Hints {
	t.Helper()
	h := newHints(&ansible.Env{}, hintsConn(), func() time.Time { return *now })
	require.NotNil(t, h)
	return h
}

func TestHints_rememberedBetweenTasksInAPrivateFile(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	first := testHints(t, &now)
	assert.False(t, first.KnowsDomains())
	first.SetDomainID("example.com", 2001)
	first.SetDomainID("example.net", 2002)
	rememberItems(first, "organizations", []scm.Organization{{ID: 1001, Name: "Acme"}})
	first.save()

	next := testHints(t, &now) // the next task
	id, ok := next.DomainID("example.com")
	assert.True(t, ok)
	assert.Equal(t, 2001, id)
	assert.True(t, next.KnowsDomains())
	orgs, ok := cachedItems[scm.Organization](next, "organizations")
	require.True(t, ok)
	assert.Equal(t, "Acme", orgs[0].Name)

	dir := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "scmkit.sectigo", "tenants")
	fi, err := os.Stat(dir)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o700), fi.Mode().Perm())
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Len(t, entries, 1, "one file, no temporary left")
	fi, err = os.Stat(filepath.Join(dir, entries[0].Name()))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
	data, err := os.ReadFile(filepath.Join(dir, entries[0].Name()))
	require.NoError(t, err)
	for _, s := range []string{"the-password", "admin", "acme-corp", "scm.example"} {
		assert.NotContains(t, string(data), s, "no credential or tenant name in the file")
		assert.NotContains(t, entries[0].Name(), s)
	}

	other := hintsConn()
	other.Login = "another-admin" // sees other organizations
	h := newHints(&ansible.Env{}, other, func() time.Time { return now })
	assert.False(t, h.KnowsDomains(), "another login has hints of its own")
}

func TestHints_listingsExpireDomainIDsAreForgotten(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	h := testHints(t, &now)
	rememberItems(h, "organizations", []scm.Organization{{ID: 1001, Name: "Acme"}})
	h.SetDomainID("example.com", 2001)
	h.save()

	now = now.Add(ListTTL - time.Second)
	_, fresh := cachedItems[scm.Organization](testHints(t, &now), "organizations")
	assert.True(t, fresh)
	now = now.Add(2 * time.Second)
	_, fresh = cachedItems[scm.Organization](testHints(t, &now), "organizations")
	assert.False(t, fresh, "older than ListTTL: read again")

	h = testHints(t, &now)
	h.SetDomainID("example.com", 0)
	h.save()
	_, ok := testHints(t, &now).DomainID("example.com")
	assert.False(t, ok, "a wrong hint is forgotten")
}

// TestHints_tasksSideBySideKeepEachOthersIDs: two tasks (forks) that started from the same file both
// add what they learnt.
func TestHints_tasksSideBySideKeepEachOthersIDs(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	a, b := testHints(t, &now), testHints(t, &now)
	a.SetDomainID("a.example", 1)
	b.SetDomainID("b.example", 2)
	a.save()
	b.save()
	h := testHints(t, &now)
	for name, want := range map[string]int{"a.example": 1, "b.example": 2} {
		id, ok := h.DomainID(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, id)
	}
}

func TestHints_offOrLooseFilesAreNotUsed(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Now()
	off := hintsConn()
	off.Cache = false
	var none *Hints = newHints(&ansible.Env{}, off, time.Now)
	assert.Nil(t, none, "scm_cache: false")
	none.SetDomainID("example.com", 1) // every method is safe on nil
	none.save()
	_, ok := none.DomainID("example.com")
	assert.False(t, ok)

	h := testHints(t, &now)
	h.SetDomainID("example.com", 2001)
	h.save()
	dir := filepath.Join(os.Getenv("XDG_CACHE_HOME"), "scmkit.sectigo", "tenants")
	require.NoError(t, os.Chmod(filepath.Join(dir, tenantFile(hintsConn())), 0o644))
	_, ok = testHints(t, &now).DomainID("example.com")
	assert.False(t, ok, "a file others can read is ignored")
}

// TestListOnce_hints: a remembered listing saves the request until Live, which reads SCM once.
func TestListOnce_hints(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	reads := 0
	read := func(context.Context) ([]scm.Organization, error) {
		reads++
		return []scm.Organization{{ID: 1001, Name: "Acme"}, {ID: 1004, Name: "Partner"}}, nil
	}
	h := testHints(t, &now)
	l := NewListOnce("organizations", read).WithHints(h)
	items, err := l.Items(t.Context())
	require.NoError(t, err)
	assert.Len(t, items, 2)
	assert.Equal(t, 1, reads, "nothing remembered yet: read from SCM")
	assert.False(t, l.FromHints())
	h.save()

	h = testHints(t, &now)
	l = NewListOnce("organizations", read).WithHints(h)
	_, err = l.Items(t.Context())
	require.NoError(t, err)
	assert.Equal(t, 1, reads, "remembered: no request")
	assert.True(t, l.FromHints())
	require.NoError(t, l.Live(t.Context()))
	require.NoError(t, l.Live(t.Context()))
	assert.Equal(t, 2, reads, "Live reads SCM once")
	assert.False(t, l.FromHints())
}

// TestOrgs_nameMissingFromTheRememberedTreeIsLookedUpLive: an organization created after the tree was
// remembered is found, with one live read.
func TestOrgs_nameMissingFromTheRememberedTreeIsLookedUpLive(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	now := time.Date(2026, 12, 6, 10, 0, 0, 0, time.UTC)
	h := testHints(t, &now)
	rememberItems(h, "organizations", []scm.Organization{{ID: 1001, Name: "Acme"}})
	h.save()

	lister := &countingOrgLister{orgs: []scm.Organization{{ID: 1001, Name: "Acme"}, {ID: 1009, Name: "New Org"}}}
	orgs := NewOrgs(lister).WithHints(testHints(t, &now))
	id, err := orgs.Resolve(t.Context(), OrgRef{Organization: "Acme"})
	require.NoError(t, err)
	assert.Equal(t, 1001, id)
	assert.Zero(t, lister.calls, "found in the remembered tree")
	id, err = orgs.Resolve(t.Context(), OrgRef{Organization: "New Org"})
	require.NoError(t, err)
	assert.Equal(t, 1009, id)
	assert.Equal(t, 1, lister.calls)
	_, err = orgs.Resolve(t.Context(), OrgRef{Organization: "Nowhere"})
	assert.ErrorContains(t, err, `organization "Nowhere" not found`)
	assert.Equal(t, 1, lister.calls, "the live tree is read once per run")
}

type countingOrgLister struct {
	orgs  []scm.Organization
	calls int
}

func (c *countingOrgLister) List(context.Context) ([]scm.Organization, error) {
	c.calls++
	return c.orgs, nil
}
