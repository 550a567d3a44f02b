package acmesrv

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// flatJWS is the flattened JSON serialisation every ACME POST uses (RFC 8555
// §6.2). The wrapper decodes only what it needs and verifies nothing; pebble
// does the verifying.
type flatJWS struct {
	Protected string `json:"protected"`
	Payload   string `json:"payload"`
}

func decodeSegment(seg string, v any) error {
	// RFC 7515 uses unpadded base64url; tolerate padding from sloppy clients.
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimRight(seg, "="))
	if err != nil {
		return fmt.Errorf("base64url: %w", err)
	}
	return json.Unmarshal(raw, v)
}

func parseFlatJWS(body []byte) (flatJWS, error) {
	var jws flatJWS
	if err := json.Unmarshal(body, &jws); err != nil {
		return jws, fmt.Errorf("JWS: %w", err)
	}
	return jws, nil
}

// kidFromProtected reads the "kid" of a JWS protected header.
func kidFromProtected(protected string) (string, error) {
	var hdr struct {
		KID string `json:"kid"`
	}
	if err := decodeSegment(protected, &hdr); err != nil {
		return "", fmt.Errorf("protected header: %w", err)
	}
	if hdr.KID == "" {
		return "", errors.New("protected header has no kid")
	}
	return hdr.KID, nil
}

// eabKIDFromNewAccount returns the key id of the externalAccountBinding inside
// a newAccount payload.
func eabKIDFromNewAccount(body []byte) (string, error) {
	jws, err := parseFlatJWS(body)
	if err != nil {
		return "", err
	}
	var payload struct {
		EAB *flatJWS `json:"externalAccountBinding"`
	}
	if err := decodeSegment(jws.Payload, &payload); err != nil {
		return "", fmt.Errorf("newAccount payload: %w", err)
	}
	if payload.EAB == nil {
		return "", errors.New("newAccount has no externalAccountBinding")
	}
	return kidFromProtected(payload.EAB.Protected)
}

// parseNewOrder returns pebble's account id (the last segment of the account
// URL in the outer JWS's kid) and the identifier values of a newOrder.
// DNS names are lower-cased, as pebble does before it stores the order.
func parseNewOrder(body []byte) (accountID string, names []string, err error) {
	jws, err := parseFlatJWS(body)
	if err != nil {
		return "", nil, err
	}
	accountURL, err := kidFromProtected(jws.Protected)
	if err != nil {
		return "", nil, err
	}
	i := strings.LastIndex(accountURL, accountPath)
	if i < 0 || accountURL[i+len(accountPath):] == "" {
		return "", nil, fmt.Errorf("kid %q is not an account URL", accountURL)
	}
	var payload struct {
		Identifiers []struct {
			Type  string `json:"type"`
			Value string `json:"value"`
		} `json:"identifiers"`
	}
	if err := decodeSegment(jws.Payload, &payload); err != nil {
		return "", nil, fmt.Errorf("newOrder payload: %w", err)
	}
	for _, id := range payload.Identifiers {
		if id.Type == "dns" {
			names = append(names, strings.ToLower(id.Value))
			continue
		}
		names = append(names, id.Value)
	}
	return accountURL[i+len(accountPath):], names, nil
}
