package simca

import (
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strconv"
	"strings"
)

// SCM error codes for CSR problems (scm-api.md §3.3).
const (
	CodeCSRBadBase64   = -9   // the CSR text is not base64
	CodeCSRUndecodable = -10  // not a CSR, garbled DER, or a bad signature
	CodeCSRAlgorithm   = -11  // key algorithm other than RSA or EC
	CodeCSRKeySize     = -13  // key type or size not allowed by the profile
	CodeCSRKeyTooSmall = -141 // RSA below 2048 bits or EC below 256 bits
)

const (
	minRSABits   = 2048
	minECBits    = 256
	maxCSRLength = 32767 // enroll's documented limit for the csr field
	pemBegin     = "-----BEGIN "
	pemEnd       = "-----END "
	keyAlgRSA    = "RSA"
	keyAlgEC     = "EC"
	csrType      = "CERTIFICATE REQUEST"
	csrTypeOld   = "NEW CERTIFICATE REQUEST"
)

// CSRError is a CSR rejection with the code SCM would put in its error body.
type CSRError struct {
	Code        int
	Description string
}

// Error implements error.
func (e *CSRError) Error() string {
	return fmt.Sprintf("csr rejected (code %d): %s", e.Code, e.Description)
}

func csrErr(code int, format string, args ...any) *CSRError {
	return &CSRError{Code: code, Description: fmt.Sprintf(format, args...)}
}

// CSRInfo is what the emulator needs to know about a parsed CSR.
type CSRInfo struct {
	CommonName   string
	DNSNames     []string
	KeyAlgorithm string // "RSA" or "EC"
	KeySize      int    // RSA modulus bits, or the EC curve's bit size
	Curve        string // "P-256", "P-384", "P-521" (EC only)
	Request      *x509.CertificateRequest
}

// ParseCSR accepts a CSR as SCM's enroll does: PEM with BEGIN/END lines (CRLF
// line ends and surrounding blanks tolerated) or bare base64 DER. The checks
// run in SCM's order of concern: encoding (-9), DER (-10), key algorithm
// (-11), signature (-10), minimum key size (-141). Every failure is a
// *CSRError.
func ParseCSR(s string) (*CSRInfo, error) {
	if len(s) > maxCSRLength {
		return nil, csrErr(CodeCSRUndecodable, "CSR is longer than %d characters", maxCSRLength)
	}
	der, cerr := decodeCSRText(s)
	if cerr != nil {
		return nil, cerr
	}
	req, err := x509.ParseCertificateRequest(der)
	if err != nil {
		return nil, csrErr(CodeCSRUndecodable, "CSR could not be decoded: %v", err)
	}
	info, cerr := describeKey(req)
	if cerr != nil {
		return nil, cerr
	}
	if err := req.CheckSignature(); err != nil {
		return nil, csrErr(CodeCSRUndecodable, "CSR signature is invalid: %v", err)
	}
	if cerr := checkMinimumSize(info); cerr != nil {
		return nil, cerr
	}
	return info, nil
}

// decodeCSRText turns PEM or bare base64 into DER. It does not use pem.Decode:
// that returns "no block" both for a missing header and for a body that is not
// base64, and SCM reports those two differently.
func decodeCSRText(s string) ([]byte, *CSRError) {
	body := strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	if strings.HasPrefix(body, pemBegin) {
		var cerr *CSRError
		if body, cerr = pemBody(body); cerr != nil {
			return nil, cerr
		}
	}
	body = strings.Join(strings.Fields(body), "")
	if body == "" {
		return nil, csrErr(CodeCSRBadBase64, "CSR is empty")
	}
	der, err := base64.StdEncoding.DecodeString(body)
	if err != nil {
		// Some tools strip the padding; accept that before giving up.
		if der, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(body, "=")); err != nil {
			return nil, csrErr(CodeCSRBadBase64, "CSR is not valid base64: %v", err)
		}
	}
	return der, nil
}

// pemBody returns the text between a CERTIFICATE REQUEST header and its footer.
func pemBody(text string) (string, *CSRError) {
	lines := strings.Split(text, "\n")
	header := strings.TrimSpace(lines[0])
	label := strings.TrimSuffix(strings.TrimPrefix(header, pemBegin), "-----")
	if label != csrType && label != csrTypeOld {
		return "", csrErr(CodeCSRUndecodable, "PEM block %q is not a certificate request", label)
	}
	for i := 1; i < len(lines); i++ {
		if strings.HasPrefix(strings.TrimSpace(lines[i]), pemEnd) {
			return strings.Join(lines[1:i], "\n"), nil
		}
	}
	return "", csrErr(CodeCSRUndecodable, "PEM block has no END line")
}

func describeKey(req *x509.CertificateRequest) (*CSRInfo, *CSRError) {
	info := &CSRInfo{CommonName: req.Subject.CommonName, DNSNames: req.DNSNames, Request: req}
	switch pub := req.PublicKey.(type) {
	case *rsa.PublicKey:
		info.KeyAlgorithm, info.KeySize = keyAlgRSA, pub.N.BitLen()
	case *ecdsa.PublicKey:
		params := pub.Curve.Params()
		info.KeyAlgorithm, info.KeySize, info.Curve = keyAlgEC, params.BitSize, params.Name
	default:
		return nil, csrErr(CodeCSRAlgorithm, "unsupported key algorithm %s", req.PublicKeyAlgorithm)
	}
	return info, nil
}

func checkMinimumSize(info *CSRInfo) *CSRError {
	minBits := minRSABits
	if info.KeyAlgorithm == keyAlgEC {
		minBits = minECBits
	}
	if info.KeySize < minBits {
		return csrErr(CodeCSRKeyTooSmall, "%s key of %d bits is too small (minimum %d)",
			info.KeyAlgorithm, info.KeySize, minBits)
	}
	return nil
}

// CheckKeyType checks the CSR's key against a profile's keyTypes, shaped like
// {"RSA":["2048","3072","4096"],"EC":["P-256","P-384"]}. Algorithm names are
// matched case-insensitively (one client models them lower-case); RSA sizes
// are bit counts; EC entries may be curve names ("P-256", "secp256r1",
// "prime256v1") or bit sizes ("256"). An empty map means the profile states no
// restriction. A mismatch is a *CSRError with code -13.
func CheckKeyType(info *CSRInfo, allowed map[string][]string) error {
	if len(allowed) == 0 {
		return nil
	}
	if info == nil {
		return csrErr(CodeCSRKeySize, "no CSR to check")
	}
	for alg, params := range allowed {
		if !strings.EqualFold(alg, info.KeyAlgorithm) {
			continue
		}
		for _, p := range params {
			if keyParamMatches(info, p) {
				return nil
			}
		}
	}
	return csrErr(CodeCSRKeySize, "key type %s is not allowed by the profile", describeKeyType(info))
}

var curveAliases = map[string]string{
	"secp256r1": "P-256", "prime256v1": "P-256", "secp384r1": "P-384", "secp521r1": "P-521",
}

func keyParamMatches(info *CSRInfo, param string) bool {
	p := strings.TrimSpace(param)
	if p == strconv.Itoa(info.KeySize) {
		return true
	}
	if info.KeyAlgorithm != keyAlgEC {
		return false
	}
	if alias, ok := curveAliases[strings.ToLower(p)]; ok {
		p = alias
	}
	return strings.EqualFold(p, info.Curve)
}

// describeKeyType renders a key the way SCM's details show keyType, e.g.
// "RSA - 2048" or "EC - P-256".
func describeKeyType(info *CSRInfo) string {
	if info.KeyAlgorithm == keyAlgEC {
		return info.KeyAlgorithm + " - " + info.Curve
	}
	return info.KeyAlgorithm + " - " + strconv.Itoa(info.KeySize)
}

// KeyType returns the key as SCM's certificate details show it, e.g.
// "RSA - 2048" or "EC - P-256".
func (i *CSRInfo) KeyType() string { return describeKeyType(i) }
