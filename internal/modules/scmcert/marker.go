package scmcert

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/scmkit/sectigo/internal/certutil"
	"github.com/scmkit/sectigo/internal/scm"
)

// The marker: every enrollment this module sends carries " [scmkit:<token>]" at the end of its
// comments, where the token is the first 16 hex digits of the SHA-256 of the CSR's public key
// (its DER SubjectPublicKeyInfo). SCM keeps the comments on the order and returns them with its
// details, so an order whose enroll answer was lost can be found again: by this run, which looks for
// it at once, and by any later run, which derives the same marker from the same CSR without any
// state of its own. SCM's list cannot filter by comments, so the orders are listed by common name
// and the marker is looked for in their details.

// commentsLimit is the longest comments SCM takes on an enrollment.
const commentsLimit = 1024

// markerOf is the marker of the CSR's public key.
func markerOf(csr *certutil.CSR) string {
	sum := sha256.Sum256(csr.Request.RawSubjectPublicKeyInfo)
	return "[scmkit:" + hex.EncodeToString(sum[:8]) + "]"
}

// withMarker is the comments an enrollment sends: the user's, unchanged, then the marker (alone when
// the user gave none; not twice when the user's comments already carry it).
func withMarker(comments, marker string) string {
	switch {
	case marker == "" || strings.Contains(comments, marker):
		return comments
	case strings.TrimSpace(comments) == "":
		return marker
	}
	return comments + " " + marker
}

// checkComments fails, before any request, for comments that with the marker are longer than SCM
// takes.
func checkComments(comments, marker string) error {
	if n := len(withMarker(comments, marker)); n > commentsLimit {
		return fmt.Errorf("comments: %d characters, with the marker %s the module appends to find the order "+
			"again; SCM takes at most %d, so shorten them by %d", n, marker, commentsLimit, n-commentsLimit)
	}
	return nil
}

// carriesMarker: the order's comments hold the marker.
func carriesMarker(c *scm.Certificate, marker string) bool {
	return marker != "" && strings.Contains(c.Comments, marker)
}

// inProgress: an order of this task (it carries the marker) in a state the module does not otherwise
// know as pending (Init, or a word it has never seen) that is not final either. Such an order may
// still be issued, so it is waited for rather than enrolled again.
func inProgress(c *scm.Certificate, marker string) bool {
	if !carriesMarker(c, marker) || isLive(c) || isRevoked(c) || refused(c) {
		return false
	}
	return c.Status != scm.SSLReplaced && c.Status != scm.SSLUnmanaged
}
