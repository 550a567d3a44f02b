package simca

import (
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"sort"
	"strings"
)

// ErrUnknownFormat is returned by Render for a format SCM's collect does not
// offer (the emulator answers it with SCM code -126).
var ErrUnknownFormat = errors.New("simca: unknown certificate format")

// Which certificates a format carries, and in which order.
type part int

const (
	leaf part = iota
	inter
	root
)

type layout struct {
	order  []part
	pkcs7  bool
	binary bool
}

// formats maps SCM collect formats to their content (scm-api.md §7.5). The
// orders for x509/pem (root first) follow what SCM was observed to send; x509R
// is documented only as "with chain", so leaf-first is this emulator's choice.
var formats = map[string]layout{
	"x509":    {order: []part{root, inter, leaf}},
	"pem":     {order: []part{root, inter, leaf}},
	"x509CO":  {order: []part{leaf}},
	"pemco":   {order: []part{leaf}},
	"pemia":   {order: []part{leaf, inter, root}},
	"x509IO":  {order: []part{root, inter}},
	"x509IOR": {order: []part{inter, root}},
	"x509R":   {order: []part{leaf, inter, root}},
	"base64":  {order: []part{leaf, inter, root}, pkcs7: true},
	"bin":     {order: []part{leaf, inter, root}, pkcs7: true, binary: true},
}

// defaultFormat is what SCM's collect serves when no format is given.
const defaultFormat = "base64"

// Formats returns the collect formats Render accepts, sorted.
func Formats() []string {
	out := make([]string, 0, len(formats))
	for name := range formats {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// Render returns the body of a collect response for leafDER in an SCM format:
//   - x509, pem: root, intermediate, leaf (PEM; SCM sends the root first)
//   - x509CO, pemco: the leaf only (PEM)
//   - pemia: leaf, intermediate, root (PEM)
//   - x509IO: root, intermediate; x509IOR: intermediate, root (PEM, no leaf)
//   - x509R: leaf, intermediate, root (PEM; an emulator choice, see formats)
//   - base64: PKCS#7 certs-only with leaf, intermediate and root, PEM-armoured
//   - bin: the same PKCS#7 as DER
//
// Format names match case-insensitively; "" means base64, SCM's default. An
// unknown name gives an error wrapping ErrUnknownFormat.
func (c *CA) Render(leafDER []byte, format string) ([]byte, error) {
	lay, err := lookupFormat(format)
	if err != nil {
		return nil, err
	}
	leafCert, err := x509.ParseCertificate(leafDER)
	if err != nil {
		return nil, fmt.Errorf("simca: render: leaf: %w", err)
	}
	certs := c.pick(leafCert, lay.order)
	if !lay.pkcs7 {
		var out []byte
		for _, cert := range certs {
			out = append(out, encodeCertPEM(cert)...)
		}
		return out, nil
	}
	der, err := certsOnlyPKCS7(certs)
	if err != nil || lay.binary {
		return der, err
	}
	return pem.EncodeToMemory(&pem.Block{Type: "PKCS7", Bytes: der}), nil
}

func lookupFormat(format string) (layout, error) {
	if format == "" {
		format = defaultFormat
	}
	for name, lay := range formats {
		if strings.EqualFold(name, format) {
			return lay, nil
		}
	}
	return layout{}, fmt.Errorf("%w: %q", ErrUnknownFormat, format)
}

func (c *CA) pick(leafCert *x509.Certificate, order []part) []*x509.Certificate {
	byPart := map[part]*x509.Certificate{leaf: leafCert, inter: c.intermediate, root: c.root}
	out := make([]*x509.Certificate, len(order))
	for i, p := range order {
		out[i] = byPart[p]
	}
	return out
}
