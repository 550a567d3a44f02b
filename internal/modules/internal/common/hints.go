package common

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"github.com/scmkit/sectigo/internal/ansible"
)

// Hints are what the controller remembers of a tenant between tasks (scm_cache): the organization
// tree, the ACME servers, and the ids of domains by name. Every task is a new process, so without them
// a loop of one task per domain lists the organizations and looks every domain up by name in every task.
//
// They are hints, never facts: a domain id is used only to read that domain, and a read that does not
// show the name (404, another name) falls back to the listing; a cached listing that does not hold
// what is looked for is read again from SCM; and a module never decides a write on a cached listing
// alone: it reads the listing live first (ListOnce.Live). Nothing secret is kept: one 0600 file per
// tenant and identity in a 0700 directory (privateDir), named by a hash of the URL, the customer URI
// and the login or client id.
type Hints struct {
	dir  privateDir
	file string // file name in dir
	now  func() time.Time

	mu      sync.Mutex
	seen    hintFile       // as read when the task started
	lists   map[string]any // listings read live in this task, to remember
	domains map[string]int // domain ids learnt in this task; 0 forgets one
}

// ListTTL is how long a remembered listing (the organization tree, the ACME servers) is used: long
// enough for a loop over a few hundred domains, short enough that an organization added in SCM's UI
// shows up soon even without a miss (a miss reads it again at once).
const ListTTL = 10 * time.Minute

// hintFile is the file's content.
type hintFile struct {
	Lists   map[string]cachedList `json:"lists,omitempty"`
	Domains map[string]int        `json:"domains,omitempty"`
}

// cachedList is one listing as read from SCM, and when.
type cachedList struct {
	Read  time.Time       `json:"read"`
	Items json.RawMessage `json:"items"`
}

// newHints returns the tenant's hints, or nil (every method then does nothing) when scm_cache is off or
// there is no cache directory.
func newHints(env *ansible.Env, c Connection, now func() time.Time) *Hints {
	if !c.Cache {
		return nil
	}
	dir, err := userCacheDir("tenants")
	if err != nil {
		env.Tracef("lookup cache: no cache directory (%v); not used", err)
		return nil
	}
	h := &Hints{dir: privateDir{dir: dir, what: "lookup cache", trace: env.Tracef}, file: tenantFile(c), now: now,
		lists: map[string]any{}, domains: map[string]int{}}
	h.seen = h.read()
	return h
}

// tenantFile names a tenant as one identity sees it (admins see different organizations): a hash, so
// that the file name says nothing of either.
func tenantFile(c Connection) string {
	who := c.Login
	if c.ClientID != "" {
		who = "client:" + c.ClientID
	}
	sum := sha256.Sum256([]byte(c.URL + "\x00" + c.CustomerURI + "\x00" + who))
	return hex.EncodeToString(sum[:16]) + ".json"
}

// read returns the file's content; a missing, unreadable or not private file is an empty one.
func (h *Hints) read() hintFile {
	var f hintFile
	data, err := h.dir.read(h.file)
	if err == nil && json.Unmarshal(data, &f) != nil {
		h.dir.trace("lookup cache: %s is unreadable, ignored", h.file)
		f = hintFile{}
	}
	return f
}

// DomainID is the id remembered for a domain name (in dnsname's canonical form).
func (h *Hints) DomainID(name string) (int, bool) {
	if h == nil {
		return 0, false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if id, ok := h.domains[name]; ok {
		return id, id != 0
	}
	id, ok := h.seen.Domains[name]
	return id, ok && id != 0
}

// KnowsDomains tells whether any domain id of the tenant is remembered.
func (h *Hints) KnowsDomains() bool {
	if h == nil {
		return false
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.seen.Domains) > 0 || len(h.domains) > 0
}

// SetDomainID remembers a domain's id, as SCM showed it in this task; id 0 forgets the name.
func (h *Hints) SetDomainID(name string, id int) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.domains[name] = id
}

// cachedItems is a listing remembered less than ListTTL ago.
func cachedItems[T any](h *Hints, what string) ([]T, bool) {
	if h == nil {
		return nil, false
	}
	l, ok := h.seen.Lists[what]
	if !ok || h.now().Sub(l.Read) > ListTTL || h.now().Before(l.Read) {
		return nil, false
	}
	var items []T
	if json.Unmarshal(l.Items, &items) != nil {
		return nil, false
	}
	return items, true
}

// rememberItems keeps a listing read live in this task.
func rememberItems[T any](h *Hints, what string, items []T) {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	h.lists[what] = items
}

// save writes what this task learnt over the file as it is now (another task may have written it
// meanwhile: forks run tasks side by side), and keeps what it did not touch. A failure to write is
// traced, not reported: the hints only save requests.
func (h *Hints) save() {
	if h == nil {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if len(h.lists) == 0 && len(h.domains) == 0 {
		return
	}
	f := h.read()
	if err := f.merge(h.now(), h.lists, h.domains); err != nil {
		h.dir.trace("lookup cache: %v; not written", err)
		return
	}
	data, err := json.Marshal(f)
	if err == nil {
		err = h.dir.write(h.file, data)
	}
	if err != nil {
		h.dir.trace("lookup cache: %v; not written", err)
	}
}

func (f *hintFile) merge(now time.Time, lists map[string]any, domains map[string]int) error {
	if f.Lists == nil {
		f.Lists = map[string]cachedList{}
	}
	for what, items := range lists {
		raw, err := json.Marshal(items)
		if err != nil {
			return fmt.Errorf("encode %s: %w", what, err)
		}
		f.Lists[what] = cachedList{Read: now.UTC(), Items: raw}
	}
	if f.Domains == nil {
		f.Domains = map[string]int{}
	}
	for name, id := range domains {
		if id == 0 {
			delete(f.Domains, name)
			continue
		}
		f.Domains[name] = id
	}
	return nil
}
