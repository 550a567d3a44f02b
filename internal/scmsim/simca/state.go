package simca

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
)

// stateVersion lets a later emulator refuse, rather than misread, a state file
// written in a different layout.
const stateVersion = 1

var errNoPEM = errors.New("no PEM block")

// state is the JSON form of a CA in the emulator's -state file. Keys are PKCS#8
// PEM. The file is as secret as the keys in it; the emulator is test-only.
type state struct {
	Version          int    `json:"version"`
	RootCert         string `json:"rootCert"`
	RootKey          string `json:"rootKey"`
	IntermediateCert string `json:"intermediateCert"`
	IntermediateKey  string `json:"intermediateKey"`
}

// MarshalState returns the CA's certificates and keys as JSON, for Load.
func (c *CA) MarshalState() ([]byte, error) {
	rootKey, err := encodeKeyPEM(c.rootKey)
	if err != nil {
		return nil, err
	}
	interKey, err := encodeKeyPEM(c.interKey)
	if err != nil {
		return nil, err
	}
	return json.MarshalIndent(state{
		Version:          stateVersion,
		RootCert:         string(encodeCertPEM(c.root)),
		RootKey:          string(rootKey),
		IntermediateCert: string(encodeCertPEM(c.intermediate)),
		IntermediateKey:  string(interKey),
	}, "", "  ")
}

// Load restores a CA written by MarshalState. It checks that each key belongs
// to its certificate and that the root signed the intermediate, so a state
// file edited by hand fails here and not at the first TLS handshake.
func Load(data []byte, opts Options) (*CA, error) {
	var st state
	if err := json.Unmarshal(data, &st); err != nil {
		return nil, fmt.Errorf("simca: load state: %w", err)
	}
	if st.Version != stateVersion {
		return nil, fmt.Errorf("simca: load state: version %d, want %d", st.Version, stateVersion)
	}
	c := &CA{now: clockOf(opts)}
	var err error
	if c.root, c.rootKey, err = loadPair("root", st.RootCert, st.RootKey); err != nil {
		return nil, err
	}
	if c.intermediate, c.interKey, err = loadPair("intermediate", st.IntermediateCert, st.IntermediateKey); err != nil {
		return nil, err
	}
	if err := c.intermediate.CheckSignatureFrom(c.root); err != nil {
		return nil, fmt.Errorf("simca: load state: intermediate not signed by root: %w", err)
	}
	return c, nil
}

func loadPair(what, certText, keyText string) (*x509.Certificate, *ecdsa.PrivateKey, error) {
	cert, err := parseCertPEM([]byte(certText))
	if err != nil {
		return nil, nil, fmt.Errorf("simca: load state: %s certificate: %w", what, err)
	}
	key, err := parseECKeyPEM([]byte(keyText))
	if err != nil {
		return nil, nil, fmt.Errorf("simca: load state: %s key: %w", what, err)
	}
	if !key.PublicKey.Equal(cert.PublicKey) {
		return nil, nil, fmt.Errorf("simca: load state: %s key does not match its certificate", what)
	}
	return cert, key, nil
}

func parseCertPEM(data []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errNoPEM
	}
	return x509.ParseCertificate(block.Bytes)
}

func parseECKeyPEM(data []byte) (*ecdsa.PrivateKey, error) {
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, errNoPEM
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, err
	}
	ec, ok := key.(*ecdsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("key is %T, want ECDSA", key)
	}
	return ec, nil
}
