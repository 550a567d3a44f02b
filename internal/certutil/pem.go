package certutil

import (
	"bytes"
	"encoding/pem"
	"fmt"
	"strings"
)

// Block types this package reads.
const (
	blockCertificate = "CERTIFICATE"
	blockCSR         = "CERTIFICATE REQUEST"
	blockCSRLegacy   = "NEW CERTIFICATE REQUEST" // written by old Netscape/Java tools
	blockPKCS7       = "PKCS7"
)

// hasPEM reports whether data looks like PEM at all, so that callers can tell
// "malformed PEM" apart from "not PEM".
func hasPEM(data []byte) bool {
	return bytes.Contains(data, []byte("-----BEGIN "))
}

// pemBlocks decodes every PEM block in data, in order. Text between blocks is
// ignored, as openssl does, so that bundles with comments still parse.
func pemBlocks(data []byte) []*pem.Block {
	var blocks []*pem.Block
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			return blocks
		}
		blocks = append(blocks, b)
	}
}

// firstBlock returns the bytes of the first block whose type is one of types.
// The error names the block types that were found instead, never their
// contents, because a stray PRIVATE KEY block must not end up in a log.
func firstBlock(prefix string, data []byte, types ...string) ([]byte, error) {
	blocks := pemBlocks(data)
	if len(blocks) == 0 {
		return nil, fmt.Errorf("%s: malformed PEM: no block could be decoded", prefix)
	}
	found := make([]string, 0, len(blocks))
	for _, b := range blocks {
		for _, t := range types {
			if b.Type == t {
				return b.Bytes, nil
			}
		}
		found = append(found, b.Type)
	}
	return nil, fmt.Errorf("%s: no %s PEM block (found %s)", prefix, types[0], strings.Join(found, ", "))
}
