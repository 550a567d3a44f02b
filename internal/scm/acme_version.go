package scm

import (
	"context"
	"errors"
	"net/http"
	"net/url"
)

// SCM has two generations of the ACME account API: v1 (deprecated; plural
// ".../domains"; accounts embed domains[]) and v2 (singular ".../domain";
// separate domain and client listings). Callers never choose: the client tries
// v2, falls back to v1 when the instance has no v2, and remembers the
// generation that answered for the rest of its life.
//
// Telling "no v2 on this instance" from "unknown account id" when both are
// 404: SCM answers an unknown id with its JSON error envelope (a code or a
// description), while a path the instance does not serve gets the web
// server's bare 404 (empty, HTML, or JSON without code/description). Only the
// bare form triggers the fallback; an envelope 404 is ErrNotFound as usual.

const (
	acmeUnknown int32 = iota
	acmeV1
	acmeV2
)

// errV2Only marks an operation the v1 API does not have.
var errV2Only = errors.New("scm: this operation needs the ACME v2 API, which this SCM instance does not serve")

// acmeBuilder returns the request for one generation, or nil when that
// generation lacks the operation.
type acmeBuilder func(gen int32) *request

// do sends the request of the remembered generation, probing v2 then v1
// while the generation is unknown.
func (s *ACMEService) do(ctx context.Context, build acmeBuilder, out any) (*response, error) {
	c := s.client
	if gen := c.acmeGen.Load(); gen != acmeUnknown {
		return s.doGen(ctx, build, gen, out)
	}
	res, err := s.doGen(ctx, build, acmeV2, out)
	if !missingEndpoint(err) {
		if answered(err) {
			c.acmeGen.CompareAndSwap(acmeUnknown, acmeV2)
		}
		return res, err
	}
	res, err = s.doGen(ctx, build, acmeV1, out)
	if answered(err) && !missingEndpoint(err) {
		c.acmeGen.CompareAndSwap(acmeUnknown, acmeV1)
	}
	return res, err
}

func (s *ACMEService) doGen(ctx context.Context, build acmeBuilder, gen int32, out any) (*response, error) {
	r := build(gen)
	if r == nil {
		return nil, errV2Only
	}
	return s.client.do(ctx, r, out)
}

// acmeGet fetches listing pages with a GET of path(gen) through do, so the
// generation is probed and remembered as for any other ACME call. A
// generation for which path is "" lacks the listing (errV2Only).
func acmeGet(path func(gen int32) string) fetchFunc {
	return func(ctx context.Context, c *Client, q url.Values, out any) (*response, error) {
		build := func(gen int32) *request {
			if p := path(gen); p != "" {
				return read(p, q)
			}
			return nil
		}
		return c.ACME.do(ctx, build, out)
	}
}

// missingEndpoint reports a bare 404: the path is not served at all.
func missingEndpoint(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound && !apiErr.envelope
}

// answered reports that the server processed the request (success or an SCM
// error), which proves the generation exists.
func answered(err error) bool {
	var apiErr *APIError
	return err == nil || errors.As(err, &apiErr)
}

func acmeAccounts(gen int32) string {
	if gen == acmeV1 {
		return "/acme/v1/account"
	}
	return "/acme/v2/account"
}

// v2AccountPath is the path of an account's sub-resource that only v2
// serves: "" on v1.
func v2AccountPath(id int, suffix string) func(gen int32) string {
	return func(gen int32) string {
		if gen == acmeV1 {
			return ""
		}
		return acmeAccountPath(gen, id, suffix)
	}
}

// acmeDomainsSegment is plural in v1 and singular in v2.
func acmeDomainsSegment(gen int32) string {
	if gen == acmeV1 {
		return "/domains"
	}
	return "/domain"
}
