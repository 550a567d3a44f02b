package scmsim

import (
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxJournal bounds memory in long benchmark runs; the oldest entries go.
const maxJournal = 100000

// JournalEntry records one SCM API or token endpoint request. It never holds
// headers or bodies: they carry passwords, client secrets (the token
// endpoint's form, HTTP Basic) and bearer tokens. The query is kept, redacted.
type JournalEntry struct {
	Seq    int       `json:"seq"`
	Time   time.Time `json:"time"`
	Method string    `json:"method"`
	Path   string    `json:"path"`
	Query  string    `json:"query,omitempty"`
	Status int       `json:"status"`
	// Mutating is true when the request changed state. It is decided by
	// the endpoint (POST /dcv/v2/validation/status is not mutating, a failed
	// enroll is not either), not by the HTTP method.
	Mutating   bool   `json:"mutating"`
	Fault      string `json:"fault"`
	DurationMS int64  `json:"duration_ms"`
}

// Counters summarise traffic since start or the last reset.
type Counters struct {
	Requests int            `json:"requests"`
	Mutating int            `json:"mutating"`
	ByStatus map[string]int `json:"by_status"`
	Faults   FaultCounters  `json:"faults"`
}

// FaultCounters count injected faults by kind.
type FaultCounters struct {
	Unavailable int `json:"503"`
	RateLimited int `json:"429"`
	Drops       int `json:"drops"`
	Latency     int `json:"latency"`
}

type journal struct {
	mu       sync.Mutex
	seq      int
	entries  []JournalEntry
	counters Counters
}

func newJournal() *journal {
	return &journal{counters: Counters{ByStatus: map[string]int{}}}
}

func (j *journal) add(e JournalEntry) {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	if len(j.entries) >= maxJournal {
		j.entries = j.entries[1:]
	}
	j.entries = append(j.entries, e)
	j.count(e)
}

func (j *journal) count(e JournalEntry) {
	c := &j.counters
	c.Requests++
	if e.Mutating {
		c.Mutating++
	}
	status := strconv.Itoa(e.Status)
	if e.Fault == faultDrop {
		status = "dropped"
	}
	c.ByStatus[status]++
	switch e.Fault {
	case fault503:
		c.Faults.Unavailable++
	case fault429:
		c.Faults.RateLimited++
	case faultDrop:
		c.Faults.Drops++
	case faultLatency:
		c.Faults.Latency++
	}
}

// since returns a copy of the entries with Seq > seq.
func (j *journal) since(seq int) []JournalEntry {
	j.mu.Lock()
	defer j.mu.Unlock()
	out := []JournalEntry{}
	for _, e := range j.entries {
		if e.Seq > seq {
			out = append(out, e)
		}
	}
	return out
}

func (j *journal) mark() int {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.seq
}

// clear empties the journal; sequence numbers keep growing so that marks taken
// earlier stay meaningful.
func (j *journal) clear() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.entries = nil
}

func (j *journal) resetCounters() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.counters = Counters{ByStatus: map[string]int{}}
}

func (j *journal) snapshotCounters() Counters {
	j.mu.Lock()
	defer j.mu.Unlock()
	c := j.counters
	c.ByStatus = make(map[string]int, len(j.counters.ByStatus))
	for k, v := range j.counters.ByStatus {
		c.ByStatus[k] = v
	}
	return c
}

// redactQuery hides the value of any query parameter whose name suggests a
// secret. SCM takes credentials in headers, so this is a second line only.
func redactQuery(q url.Values) string {
	if len(q) == 0 {
		return ""
	}
	out := url.Values{}
	for k, vs := range q {
		lk := strings.ToLower(k)
		secret := strings.Contains(lk, "password") || strings.Contains(lk, "secret") ||
			strings.Contains(lk, "key") || strings.Contains(lk, "token")
		for _, v := range vs {
			if secret {
				v = "REDACTED"
			}
			out.Add(k, v)
		}
	}
	return out.Encode()
}
