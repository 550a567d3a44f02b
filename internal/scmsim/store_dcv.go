package scmsim

import (
	"context"
	"strings"
	"time"
)

// DCV wire enums (scm-api.md §5.1).
const (
	dcvValidated      = "VALIDATED"
	dcvNotValidated   = "NOT_VALIDATED"
	dcvExpired        = "EXPIRED"
	orderNotInitiated = "NOT_INITIATED"
	orderAwaiting     = "AWAITING_SUBMISSION"
	orderSubmitted    = "SUBMITTED"
	dateDCV           = "2006-01-02"
	isoMillis         = "2006-01-02T15:04:05.000Z"
)

// methodOf maps an order mode to the validation method the domain then shows
// (the OAS enum, which matches the domain's validationMethod).
var methodOf = map[string]string{
	"CNAME": "CNAME_CSR_HASH", "HTTP": "HTTP_CSR_HASH", "HTTPS": "HTTPS_CSR_HASH",
	"TXT": "DNSTXT_RANDOM_VALUE", "EMAIL": "EMAIL",
}

// validation is a DCV state rendered for the wire.
type validation struct {
	status, method, validated, expires string
}

func (s *Server) dcvRecord(base string) *DCVRecord {
	return find(s.w.DCV, func(r *DCVRecord) bool { return r.Domain == base })
}

func (s *Server) ensureDCV(base string) *DCVRecord {
	if r := s.dcvRecord(base); r != nil {
		return r
	}
	s.w.DCV = append(s.w.DCV, DCVRecord{Domain: base, Status: dcvNotValidated})
	s.domainsChanged()
	return &s.w.DCV[len(s.w.DCV)-1]
}

// statusOf is the record's status at the business clock: a validation past
// its expiration date reads EXPIRED without anyone writing it.
func (s *Server) statusOf(r *DCVRecord) string {
	if r == nil {
		return dcvNotValidated
	}
	if r.Status == dcvValidated && !r.Expires.IsZero() && !s.simNow().Before(r.Expires) {
		return dcvExpired
	}
	return r.Status
}

// validationOf is the DCV state a domain entry (or any name) inherits from its
// high-level domain.
func (s *Server) validationOf(name string) validation {
	target, ok := s.dcvTarget(name)
	if !ok {
		return validation{status: dcvNotValidated}
	}
	return s.validationFrom(s.dcvRecord(target))
}

// validationFrom renders a high-level domain's record (nil: none yet).
func (s *Server) validationFrom(r *DCVRecord) validation {
	v := validation{status: s.statusOf(r)}
	if r != nil && !r.Validated.IsZero() {
		v.method, v.validated, v.expires = r.Method, r.Validated.Format(dateDCV), r.Expires.Format(dateDCV)
	}
	return v
}

// dcvIndex answers dcvTarget and dcvRecord for every name of a listing. Asked
// one name at a time, both scan the whole world, which made a listing of n
// domains cost n² (5,000 domains: seconds per page). Built under s.mu, it is
// kept until a domain entry or a DCV record is added or removed
// (domainsChanged), or the world is replaced: built for every page, it made
// reading the DCV listing of 20,000 domains cost the emulator 0.3 s of CPU per
// 1,000 domains at the top of the range, more than the client it serves.
// A record's fields may change while it is kept: the index holds pointers to
// the records, and listings read the fields when they render a row.
type dcvIndex struct {
	bases   map[string]bool       // the base of every domain entry
	records map[string]*DCVRecord // by high-level domain; the first, as dcvRecord finds it
}

// keptDCVIndex is the index and what it was built from.
type keptDCVIndex struct {
	w   *World
	gen uint64
	x   *dcvIndex
}

// domainsChanged records that a domain entry or a DCV record was added or removed: the kept DCV index
// no longer describes the world (its record pointers may even point elsewhere). Caller holds s.mu.
func (s *Server) domainsChanged() { s.domainsGen++ }

// dcvIndexOf returns the DCV index of the world as it is; caller holds s.mu.
func (s *Server) dcvIndexOf() *dcvIndex {
	if k := s.dcvCache; k.x == nil || k.w != s.w || k.gen != s.domainsGen {
		s.dcvCache = keptDCVIndex{w: s.w, gen: s.domainsGen, x: s.newDCVIndex()}
	}
	return s.dcvCache.x
}

func (s *Server) newDCVIndex() *dcvIndex {
	x := &dcvIndex{bases: make(map[string]bool, len(s.w.Domains)), records: make(map[string]*DCVRecord, len(s.w.DCV))}
	for _, d := range s.w.Domains {
		x.bases[baseOf(d.Name)] = true
	}
	for i := range s.w.DCV {
		if r := &s.w.DCV[i]; x.records[r.Domain] == nil {
			x.records[r.Domain] = r
		}
	}
	return x
}

// target is dcvTarget: of the entries at or above name's base, the one with
// the fewest labels, found by walking up the labels.
func (x *dcvIndex) target(name string) (string, bool) {
	best := ""
	for cand := baseOf(name); ; {
		if x.bases[cand] {
			best = cand
		}
		i := strings.IndexByte(cand, '.')
		if i < 0 {
			return best, best != ""
		}
		cand = cand[i+1:]
	}
}

// markValidated completes the record's order: VALIDATED from now for
// dcv_validity_days, and the order is gone (orderStatus NOT_INITIATED).
func (s *Server) markValidated(r *DCVRecord, method string) {
	now := s.simNow()
	r.Status, r.Method, r.Validated = dcvValidated, method, now
	r.Expires = now.AddDate(0, 0, s.knobs.DCVValidityDays)
	r.Order = nil
}

// progressDCV moves a submitted order forward according to the dcv_mode knob.
// poll counts a status call for the auto mode's dcv_auto_polls. Network checks
// (dns, http modes) run without the store lock; the result is applied only if
// the same order is still pending. The caller must not hold s.mu. It changes
// only internal progress, so the request is not marked mutating.
func (s *Server) progressDCV(ctx context.Context, base string, poll bool) {
	s.mu.Lock()
	r := s.dcvRecord(base)
	if r == nil || r.Order == nil || r.Order.Status != orderSubmitted {
		s.mu.Unlock()
		return
	}
	knobs, order := s.knobs, *r.Order
	if knobs.DCVMode == DCVModeAuto || knobs.DCVMode == DCVModeNever {
		s.autoProgress(r, poll)
		s.persistQuiet()
		s.mu.Unlock()
		return
	}
	s.mu.Unlock()
	passed := s.checker.check(ctx, knobs, order)
	s.mu.Lock()
	defer s.mu.Unlock()
	if r = s.dcvRecord(base); r == nil || r.Order == nil || r.Order.BackendID != order.BackendID {
		return
	}
	r.Order.LastCheck = s.simNow()
	if passed {
		s.markValidated(r, methodOf[order.Mode])
	}
	s.persistQuiet()
}

// autoProgress is the auto mode: a submitted order validates once it has seen
// dcv_auto_polls status calls. In never mode nothing happens. Caller holds
// s.mu.
func (s *Server) autoProgress(r *DCVRecord, poll bool) {
	if s.knobs.DCVMode != DCVModeAuto || r.Order == nil || r.Order.Status != orderSubmitted {
		return
	}
	if poll {
		r.Order.Polls++
	}
	if r.Order.Polls >= s.knobs.DCVAutoPolls {
		s.markValidated(r, methodOf[r.Order.Mode])
	}
}

// nextCheckAfter is when SCM would look again at a submitted order.
const nextCheckAfter = 10 * time.Minute
