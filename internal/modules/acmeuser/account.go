package acmeuser

import (
	"context"
	"fmt"

	"github.com/scmkit/sectigo/internal/scm"
)

// readAccount gets one account with its EAB credentials and registers the HMAC key as a secret at
// once. Observe uses it when the listing did not carry the credentials, apply after a create (whose
// answer has only the id); it takes a reader, so it can never write.
func readAccount(ctx context.Context, rd scm.ACMEReader, secret func(string), id int) (*scm.ACMEAccount, error) {
	a, err := rd.GetAccount(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("read ACME account %d: %w", id, err)
	}
	if a.MacKey != "" {
		secret(a.MacKey)
	}
	return a, nil
}
