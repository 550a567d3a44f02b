package scmsim

import (
	"cmp"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"errors"
	"fmt"
	"math/big"
	mrand "math/rand/v2"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/scmkit/sectigo/internal/scmsim/simca"
)

// Bulk seeding fills the world with an enterprise-sized inventory in seconds: -seed-bulk on the
// command line (part of the seed, so /admin/reset keeps it) or POST /admin/seed/bulk (added to the
// live world, so a reset removes it). README.md, "Bulk seeding", describes what it creates.

// BulkSeed asks for domains and certificates.
type BulkSeed struct {
	Domains      int `json:"domains"`
	Certificates int `json:"certificates"`
	// Seed drives every choice (statuses, dates, serial numbers); the same seed on the same world
	// gives the same objects. 0 means 1.
	Seed uint64 `json:"seed,omitempty"`
}

// BulkResult is what one bulk seeding added.
type BulkResult struct {
	Domains      int `json:"domains"`
	Certificates int `json:"certificates"`
	// FirstDomain and LastDomain are the names of the first and last domain added (BulkDomainName).
	FirstDomain       string `json:"first_domain,omitempty"`
	LastDomain        string `json:"last_domain,omitempty"`
	TotalDomains      int    `json:"total_domains"`
	TotalCertificates int    `json:"total_certificates"`
	Millis            int64  `json:"ms"`
}

// Bounds of one bulk seeding: far above an enterprise tenant, low enough that a typo does not eat
// the machine.
const (
	maxBulkDomains      = 100_000
	maxBulkCertificates = 200_000
	bulkZone            = "bulk.example"
	bulkTerm            = 365 // days: OV Single offers it
)

// BulkDomainName is the name of the i-th bulk domain (0-based): b00000.bulk.example, ... Each is its
// own high-level domain for DCV.
func BulkDomainName(i int) string { return fmt.Sprintf("b%05d.%s", i, bulkZone) }

func (b BulkSeed) validate() error {
	switch {
	case b.Domains < 0 || b.Domains > maxBulkDomains:
		return fmt.Errorf("scmsim: bulk: domains must be 0..%d, got %d", maxBulkDomains, b.Domains)
	case b.Certificates < 0 || b.Certificates > maxBulkCertificates:
		return fmt.Errorf("scmsim: bulk: certificates must be 0..%d, got %d", maxBulkCertificates, b.Certificates)
	}
	return nil
}

// ParseBulkSeed reads the -seed-bulk value: comma-separated key=value pairs, keys domains,
// certificates (or certs) and seed; e.g. "domains=5000,certs=20000".
func ParseBulkSeed(v string) (BulkSeed, error) {
	var b BulkSeed
	for _, kv := range strings.Split(v, ",") {
		kv = strings.TrimSpace(kv)
		if kv == "" {
			continue
		}
		key, val, ok := strings.Cut(kv, "=")
		if !ok {
			return b, fmt.Errorf("%q is not key=value", kv)
		}
		n, err := strconv.ParseUint(strings.TrimSpace(val), 10, 64)
		if err != nil {
			return b, fmt.Errorf("%s: %q is not a non-negative integer", key, val)
		}
		switch strings.TrimSpace(key) {
		case "domains":
			b.Domains = int(min(n, maxBulkDomains+1))
		case "certificates", "certs":
			b.Certificates = int(min(n, maxBulkCertificates+1))
		case "seed":
			b.Seed = n
		default:
			return b, fmt.Errorf("unknown key %q (domains, certificates, seed)", key)
		}
	}
	return b, b.validate()
}

// SeedBulk adds b's domains and certificates to the live world (a reset removes them). The API
// waits while it runs.
func (s *Server) SeedBulk(b BulkSeed) (BulkResult, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	res, err := s.seedBulkLocked(b)
	if err != nil {
		return res, err
	}
	return res, s.persistLocked()
}

// seedBulkLocked adds the objects; caller holds s.mu.
func (s *Server) seedBulkLocked(b BulkSeed) (BulkResult, error) {
	defer s.domainsChanged() // even a failed seeding may have added some
	start := time.Now()
	if err := b.validate(); err != nil {
		return BulkResult{}, err
	}
	if b.Seed == 0 {
		b.Seed = 1
	}
	g := &bulkGen{s: s, rng: mrand.New(mrand.NewPCG(b.Seed, b.Seed^0x9e3779b97f4a7c15)),
		day: s.simNow().UTC().Truncate(24 * time.Hour).Add(12 * time.Hour)}
	res := BulkResult{}
	names, err := g.domains(b.Domains)
	if err != nil {
		return res, err
	}
	if len(names) > 0 {
		res.Domains, res.FirstDomain, res.LastDomain = len(names), names[0], names[len(names)-1]
	}
	if b.Certificates > 0 {
		if len(names) == 0 {
			for _, d := range s.w.Domains {
				names = append(names, baseOf(d.Name))
			}
		}
		if len(names) == 0 {
			return res, errors.New("scmsim: bulk: certificates need domains; ask for some, or seed some first")
		}
		if err := g.certificates(b.Certificates, names); err != nil {
			return res, err
		}
		res.Certificates = b.Certificates
	}
	res.TotalDomains, res.TotalCertificates = len(s.w.Domains), len(s.w.Certificates)
	res.Millis = time.Since(start).Milliseconds()
	s.log.Info("bulk seeded", "domains", res.Domains, "certificates", res.Certificates, "ms", res.Millis)
	return res, nil
}

// bulkGen makes the objects of one bulk seeding, every choice drawn from rng in a fixed order.
type bulkGen struct {
	s   *Server
	rng *mrand.Rand
	day time.Time // noon (UTC) of the business clock's day: dates land on whole days from it
}

func (g *bulkGen) days(n int) time.Time { return g.day.AddDate(0, 0, n) }

// domains adds n domains after the bulk domains already there, delegated (ACTIVE, SSL) to Demo
// University, 70% with a validation whose expiry is spread over [-20, 380) days from today
// (those below 0 read EXPIRED), the rest never validated.
func (g *bulkGen) domains(n int) ([]string, error) {
	w := g.s.w
	first := 0
	for _, d := range w.Domains {
		if strings.HasSuffix(d.Name, "."+bulkZone) {
			first++
		}
	}
	taken := make(map[string]bool, len(w.Domains))
	for _, d := range w.Domains {
		taken[d.Name] = true
	}
	names := make([]string, 0, n)
	for i := first; i < first+n; i++ {
		name := BulkDomainName(i)
		if taken[name] {
			return nil, fmt.Errorf("scmsim: bulk: domain %s exists already", name)
		}
		names = append(names, name)
	}
	w.Domains = slices.Grow(w.Domains, n)
	validity := g.s.knobs.DCVValidityDays
	for _, name := range names {
		w.Domains = append(w.Domains, Domain{ID: w.NextIDs.Domain, Name: name, Created: g.s.simNow(),
			Delegations: []Delegation{{OrgID: DemoOrgID, CertTypes: []string{"SSL"}, Status: statusActive}}})
		w.NextIDs.Domain++
		if g.rng.IntN(100) >= 70 {
			continue
		}
		expires := g.days(g.rng.IntN(400) - 20)
		w.DCV = append(w.DCV, DCVRecord{Domain: name, Status: dcvValidated, Method: methodOf["CNAME"],
			Validated: expires.AddDate(0, 0, -validity), Expires: expires})
	}
	return names, nil
}

// certificates adds n OV Single certificates for Demo University, the i-th for names[i % len]:
// 80% issued with an expiry spread over [-60, 400) days from today (those below 0 read Expired),
// 8% revoked, 7% requested (awaiting approval), 5% declined. Issued and revoked ones are really
// signed by the emulator's CA, on every CPU, with serial numbers drawn from the seed.
func (g *bulkGen) certificates(n int, names []string) error {
	csrPEM, info, err := bulkCSR()
	if err != nil {
		return err
	}
	w := g.s.w
	orgName := "Demo University"
	if o, ok := g.s.org(DemoOrgID); ok {
		orgName = o.Name
	}
	certs := make([]Certificate, n)
	var toSign []int
	for i := range certs {
		c := &certs[i]
		*c = Certificate{ID: w.NextIDs.Certificate, RenewID: g.renewID(), OrgID: DemoOrgID, ProfileID: ProfileOVSingl,
			Term: bulkTerm, CSR: csrPEM, CommonName: names[i%len(names)], KeyType: info.KeyType(), Requester: "mrao"}
		w.NextIDs.Certificate++
		roll := g.rng.IntN(100)
		switch {
		case roll < 88: // issued (80) or revoked (8)
			c.Dates.Expires = g.days(g.rng.IntN(460) - 60)
			c.Dates.Issued = c.Dates.Expires.AddDate(0, 0, -bulkTerm)
			c.Dates.Requested, c.Dates.Applied = c.Dates.Issued, c.Dates.Issued
			c.Status = sslIssued
			if roll >= 80 {
				c.Status, c.ReasonCode = sslRevoked, 4 // superseded
				c.Dates.Revoked = c.Dates.Issued.AddDate(0, 0, g.rng.IntN(30))
			}
			c.SerialHex = g.serial()
			toSign = append(toSign, i)
		case roll < 95:
			c.Status, c.Dates.Requested = sslRequested, g.days(-g.rng.IntN(30))
		default:
			c.Status, c.Dates.Requested = sslDeclined, g.days(-g.rng.IntN(60))
			c.Dates.Declined = c.Dates.Requested.AddDate(0, 0, 1)
		}
	}
	if err := g.sign(certs, toSign, info, orgName); err != nil {
		return err
	}
	w.Certificates = append(w.Certificates, certs...)
	return nil
}

// renewID is like enroll's random one, drawn from the seed.
func (g *bulkGen) renewID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	b := make([]byte, 24)
	for i := range b {
		b[i] = alphabet[g.rng.IntN(len(alphabet))]
	}
	return string(b)
}

// serial draws 16 octets, positive with a non-zero first octet (as simca's own), in SCM's form.
func (g *bulkGen) serial() string {
	b := make([]byte, 16)
	for i := range b {
		b[i] = byte(g.rng.UintN(256))
	}
	b[0] = b[0]&0x7f | 0x01
	parts := make([]string, len(b))
	for i, octet := range b {
		parts[i] = fmt.Sprintf("%02X", octet)
	}
	return strings.Join(parts, ":")
}

// sign issues the certificates at idx with their dates and serials, on every CPU.
func (g *bulkGen) sign(certs []Certificate, idx []int, info *simca.CSRInfo, orgName string) error {
	var (
		wg    sync.WaitGroup
		mu    sync.Mutex
		first error
		next  = make(chan int)
	)
	for range max(1, runtime.GOMAXPROCS(0)) {
		wg.Go(func() {
			for i := range next {
				c := &certs[i]
				serial, _ := new(big.Int).SetString(strings.ReplaceAll(c.SerialHex, ":", ""), 16)
				iss, err := g.s.ca.Issue(simca.IssueRequest{CSR: info, CommonName: c.CommonName, SANs: []string{},
					NotBefore: c.Dates.Issued, NotAfter: c.Dates.Expires, OrgName: orgName, Serial: serial})
				if err != nil {
					mu.Lock()
					first = cmp.Or(first, fmt.Errorf("scmsim: bulk: sign certificate %d: %w", c.ID, err))
					mu.Unlock()
					continue
				}
				c.DER = iss.DER
			}
		})
	}
	for _, i := range idx {
		next <- i
	}
	close(next)
	wg.Wait()
	return first
}

// bulkCSR makes the CSR every bulk certificate is issued for; its key is thrown away.
func bulkCSR() (string, *simca.CSRInfo, error) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return "", nil, err
	}
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{
		Subject: pkix.Name{CommonName: "bulk." + bulkZone}}, key)
	if err != nil {
		return "", nil, err
	}
	csrPEM := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: der}))
	info, err := simca.ParseCSR(csrPEM)
	return csrPEM, info, err
}
