package caa

import (
	"context"
	"fmt"
	"strings"

	"github.com/miekg/dns"
)

// maxCNAMEs bounds a CNAME chain, as resolvers do, so that a loop or an
// endless chain fails instead of querying forever.
const maxCNAMEs = 8

// askFunc sends one CAA query for an absolute name and returns an answer
// whose response code is NOERROR or NXDOMAIN.
type askFunc func(ctx context.Context, name string) (*dns.Msg, error)

// followCNAMEs returns the CAA RRset of name after following CNAMEs
// (RFC 8659 §3). A recursive resolver returns the whole chain in one answer;
// an authoritative server stops where its data stops, with the last alias
// and no records, so the end of the chain is then asked again.
func followCNAMEs(ctx context.Context, name string, ask askFunc) (answer, error) {
	target, hops := name, 0
	for {
		resp, err := ask(ctx, target)
		if err != nil {
			return answer{}, err
		}
		end, n, err := chainEnd(resp.Answer, target)
		if err != nil {
			return answer{}, err
		}
		if hops += n; hops > maxCNAMEs {
			return answer{}, fmt.Errorf("more than %d CNAMEs from %s", maxCNAMEs, canonical(name))
		}
		recs := caaOwnedBy(resp.Answer, end)
		// Records, no alias, or a chain ending in NXDOMAIN: this is the answer.
		if len(recs) > 0 || end == target || resp.Rcode == dns.RcodeNameError {
			return answer{records: recs, owner: end}, nil
		}
		target = end
	}
}

// chainEnd follows the CNAMEs in an answer section from name and returns
// where they lead and how many it followed.
func chainEnd(rrs []dns.RR, name string) (end string, hops int, err error) {
	end = name
	for {
		next, ok := cnameOf(rrs, end)
		if !ok {
			return end, hops, nil
		}
		if hops++; hops > len(rrs) {
			return "", 0, fmt.Errorf("CNAME loop at %s", canonical(end))
		}
		end = next
	}
}

// cnameOf returns the target of owner's CNAME in rrs, if any.
func cnameOf(rrs []dns.RR, owner string) (string, bool) {
	for _, rr := range rrs {
		if c, ok := rr.(*dns.CNAME); ok && strings.EqualFold(c.Hdr.Name, owner) {
			return strings.ToLower(c.Target), true
		}
	}
	return "", false
}

// caaOwnedBy returns the CAA records of owner in rrs, never nil, so that
// "no records" is an empty slice as Resolver promises.
func caaOwnedBy(rrs []dns.RR, owner string) []Record {
	recs := []Record{}
	for _, rr := range rrs {
		if c, ok := rr.(*dns.CAA); ok && strings.EqualFold(c.Hdr.Name, owner) {
			recs = append(recs, Record{Flags: c.Flag, Tag: c.Tag, Value: c.Value})
		}
	}
	return recs
}
