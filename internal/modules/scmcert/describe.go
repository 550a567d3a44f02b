package scmcert

import (
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io/fs"
	"slices"
	"strings"
	"time"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// describeFile says what a certificate file holds, one readable line: the diff shows this instead of
// the PEM.
func describeFile(exists bool, content []byte, mode fs.FileMode) string {
	if !exists {
		return "absent"
	}
	return fmt.Sprintf("%s (mode %04o)", describePEM(content), mode)
}

// describePEM names each certificate in a PEM bundle; other blocks are skipped unparsed.
func describePEM(data []byte) string {
	var parts []string
	for rest := data; ; {
		var b *pem.Block
		if b, rest = pem.Decode(rest); b == nil {
			break
		}
		if b.Type != "CERTIFICATE" {
			continue
		}
		c, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			parts = append(parts, "unreadable certificate")
			continue
		}
		parts = append(parts, fmt.Sprintf("%s, serial %s, expires %s", c.Subject.CommonName,
			certutil.FormatSerial(c.SerialNumber), c.NotAfter.UTC().Format(time.DateOnly)))
	}
	if len(parts) == 0 {
		return "no certificate"
	}
	return strings.Join(parts, "; ")
}

// newMode is the mode a written file ends with (see finishTemp).
func newMode(st fileState, a fileAttrs) fs.FileMode {
	switch {
	case a.Mode != nil:
		return *a.Mode
	case st.Exists:
		return st.Mode
	}
	return defaultMode
}

func rfc3339(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// nonNil gives an empty list instead of null in the result.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func withoutName(names []string, name string) []string {
	return slices.DeleteFunc(slices.Clone(names), func(n string) bool { return n == name })
}

func orderIDs(orders []*scm.Certificate) []int {
	ids := make([]int, len(orders))
	for i, c := range orders {
		ids[i] = c.ID
	}
	return ids
}

func contains(list []string, s string) bool { return slices.Contains(list, s) }
