package scm

import (
	"context"
	"errors"
	"net/http"
	"time"
)

// send is the one place every request goes through on its way to SCM. With
// header login it is a single exchange. With OAuth2 it adds the bearer token,
// and after a 401 it fetches one new token and sends the request once more,
// unsafe writes included: a 401 means SCM refused the request before acting
// on it, so the second send cannot duplicate anything. A timeout or a lost
// answer is not a 401 and is never re-sent here (retry.go decides those).
//
// refused reports that the answer is a 401 to the new token, which is final.
func (c *Client) send(ctx context.Context, req *request, start time.Time) (res *response, refused bool, err error) {
	if c.tokens == nil {
		res, err = c.exchange(ctx, req, "", start)
		return res, false, err
	}
	tok, err := c.tokens.token(ctx, "")
	if err != nil {
		return nil, false, err
	}
	res, err = c.exchange(ctx, req, tok, start)
	if err != nil || res.status != http.StatusUnauthorized {
		return res, false, err
	}
	c.tracef("%s: 401: fetching a new token and sending once more", req.prefix())
	if tok, err = c.tokens.token(ctx, tok); err != nil {
		return nil, false, err
	}
	res, err = c.exchange(ctx, req, tok, start)
	return res, err == nil && res.status == http.StatusUnauthorized, err
}

// tokenRefused turns the *APIError of a final 401 into ErrTokenRefused,
// which still matches ErrUnauthorized.
func tokenRefused(err error) error {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return &refusedTokenError{api: apiErr}
	}
	return err
}

// tracef writes a trace line when a logger was given.
func (c *Client) tracef(format string, args ...any) {
	if c.cfg.logf != nil {
		c.cfg.logf(format, args...)
	}
}
