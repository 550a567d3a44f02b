package acmesrv

import (
	"encoding/base64"
	"fmt"
	"io"
)

// Sizes of Sectigo's EAB credentials: a 22-character kid (16 bytes) and an
// 86-character HMAC key (64 bytes), both unpadded base64url.
const (
	kidBytes  = 16
	hmacBytes = 64
)

// MintEAB returns a new EAB key id and HMAC key shaped like SCM's macId and
// macKey, reading randomness from r (crypto/rand.Reader outside tests).
func MintEAB(r io.Reader) (kid, hmacKey string, err error) {
	buf := make([]byte, kidBytes+hmacBytes)
	if _, err := io.ReadFull(r, buf); err != nil {
		return "", "", fmt.Errorf("acmesrv: mint EAB: %w", err)
	}
	enc := base64.RawURLEncoding
	return enc.EncodeToString(buf[:kidBytes]), enc.EncodeToString(buf[kidBytes:]), nil
}
