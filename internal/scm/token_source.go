package scm

import (
	"context"
	"errors"
	"net/http"
	"sync"
	"time"
)

// tokenSource hands out the client's current access token and gets a new one
// when it is about to expire or SCM refused it. Callers that need a token at
// the same time share one fetch (a flight), so a burst of parallel requests
// costs one token request, not one each.
type tokenSource struct {
	endpoint *tokenEndpoint
	cache    TokenCache // nil: none
	key      string     // CacheKey(token URL, client ID)
	now      func() time.Time
	tracef   func(format string, args ...any)
	secrets  *secretSet

	mu     sync.Mutex
	cur    heldToken
	flight *tokenFlight // the fetch in progress, if any
	// refused is the token server's refusal of the client credentials (ErrOAuthClient), kept for the
	// client's life: the same credentials are refused again, so the requests that follow fail with it
	// instead of asking once each.
	refused error
}

func newTokenSource(cfg *config, tokenURL string, hc *http.Client, secrets *secretSet,
	tracef func(string, ...any)) *tokenSource {
	o := cfg.oauth2
	secrets.remember(o.ClientSecret)
	return &tokenSource{
		endpoint: &tokenEndpoint{url: tokenURL, clientID: o.ClientID, clientSecret: o.ClientSecret,
			userAgent: cfg.userAgent, hc: hc, now: cfg.now, requestTimeout: cfg.requestTimeout, secrets: secrets},
		cache:   cacheOrNil(o.Cache),
		key:     CacheKey(tokenURL, o.ClientID),
		now:     cfg.now,
		tracef:  tracef,
		secrets: secrets,
	}
}

// cacheOrNil treats a typed nil pointer in the interface as no cache.
func cacheOrNil(c TokenCache) TokenCache {
	if isNil(c) {
		return nil
	}
	return c
}

// tokenFlight is one attempt to obtain a token, shared by every caller that
// waits for it. Its fields are written before done is closed.
type tokenFlight struct {
	done     chan struct{}
	useCache bool // false: straight to the token server
	fresh    bool // the token came from the token server, not the cache
	tok      string
	err      error
}

// token returns an access token to send. rejected is "" or the token SCM just
// answered 401 to: then the answer is a token another caller obtained since,
// or one fetched from the token server; the cache, which may still hold the
// rejected token, is not read.
func (s *tokenSource) token(ctx context.Context, rejected string) (string, error) {
	for {
		tok, f, lead := s.join(rejected)
		switch {
		case tok != "":
			return tok, nil
		case lead:
			s.run(ctx, f)
		default:
			select {
			case <-f.done:
			case <-ctx.Done():
				return "", s.endpoint.fail(nil, ctx.Err(), "waiting for a token: %v", ctx.Err())
			}
		}
		if f.err == nil && (rejected == "" || f.fresh) {
			return f.tok, nil
		}
		if f.err != nil && (lead || !endedByItsContext(f.err) || ctx.Err() != nil) {
			return "", f.err
		}
		// Another caller's flight ended with that caller's context, or it
		// read the cache while this caller needs a fetched token: look again.
	}
}

// join returns a usable token, or the flight to wait for, starting one (lead)
// when none is under way.
func (s *tokenSource) join(rejected string) (tok string, f *tokenFlight, lead bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cur.usableAt(s.now()) && s.cur.AccessToken != rejected {
		return s.cur.AccessToken, nil, false
	}
	if s.refused != nil {
		done := &tokenFlight{done: make(chan struct{}), err: s.refused}
		close(done.done)
		return "", done, false
	}
	if s.flight != nil {
		return "", s.flight, false
	}
	s.flight = &tokenFlight{done: make(chan struct{}), useCache: rejected == ""}
	return "", s.flight, true
}

// run obtains the flight's token, makes it current and lets the waiters go.
func (s *tokenSource) run(ctx context.Context, f *tokenFlight) {
	held, fresh, err := s.obtain(ctx, f.useCache)
	s.mu.Lock()
	if err == nil {
		s.cur = held
	}
	if errors.Is(err, ErrOAuthClient) {
		s.refused = err
	}
	s.flight = nil
	s.mu.Unlock()
	f.tok, f.fresh, f.err = held.AccessToken, fresh, err
	close(f.done)
}

// obtain reads the cache when allowed, else fetches a token and stores it.
func (s *tokenSource) obtain(ctx context.Context, useCache bool) (held heldToken, fresh bool, err error) {
	if useCache {
		if h, ok := s.load(); ok {
			return h, false, nil
		}
	}
	h, lifetime, err := s.endpoint.fetch(ctx)
	if err != nil {
		return heldToken{}, false, err
	}
	s.secrets.obtained(h.AccessToken)
	s.tracef("scm: token: fetched (expires in %d s)", int64(lifetime/time.Second))
	s.store(h.Token)
	return h, true, nil
}

// load returns the cached token if it is still usable. Its lifetime is
// unknown, so it gets the largest margin.
func (s *tokenSource) load() (heldToken, bool) {
	if s.cache == nil {
		return heldToken{}, false
	}
	t, ok := s.cache.Load(s.key)
	h := heldToken{Token: t, margin: maxTokenMargin}
	if !ok || !h.usableAt(s.now()) {
		return heldToken{}, false
	}
	s.secrets.obtained(t.AccessToken)
	s.tracef("scm: token: reused from cache")
	return h, true
}

// store saves a fetched token for other clients. A failing cache costs a
// token request next time, nothing more: it is traced, never returned.
func (s *tokenSource) store(t Token) {
	if s.cache == nil {
		return
	}
	if err := s.cache.Store(s.key, t); err != nil {
		s.tracef("scm: token: storing in the cache failed: %s", s.secrets.scrub(err.Error()))
	}
}

// endedByItsContext reports a flight that failed because its leader's
// context ended, which says nothing about the token server: the only token
// errors of no kind.
func endedByItsContext(err error) bool {
	var te *tokenError
	return errors.As(err, &te) && te.kind == nil
}
