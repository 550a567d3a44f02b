package bind

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// RequireEnv names the variable that turns a missing BIND into a test failure instead of a skip.
const RequireEnv = "SCMKIT_REQUIRE_BIND"

// Options configure a server. The zero value serves one zone, example.test.
type Options struct {
	// Zones are the zones served, each a primary that accepts dynamic updates signed with the key.
	Zones []string
}

// Server is a running named.
type Server struct {
	Addr         string // 127.0.0.1:port, UDP and TCP
	Port         int
	Dir          string   // its directory: named.conf, tsig.key, zones/, named.log
	Zones        []string // canonical, without trailing dots
	KeyName      string   // the TSIG key, as community.general.nsupdate takes it
	KeySecret    string
	KeyAlgorithm string
	KeyFile      string // the key in named.conf syntax, for nsupdate -k

	token  string // a random TXT value that proves queries reach this instance
	stderr *buffer
}

// Start runs named for the test and stops it (SIGTERM to its pid, then wait) when the test ends.
func Start(t testing.TB, opts Options) *Server {
	t.Helper()
	named := Require(t)
	zones := opts.Zones
	if len(zones) == 0 {
		zones = []string{"example.test"}
	}
	s := &Server{Dir: t.TempDir(), KeyName: "scmkit-test-key", KeyAlgorithm: "hmac-sha256",
		token: randomHex(t, 16), stderr: &buffer{}}
	for _, z := range zones {
		s.Zones = append(s.Zones, strings.ToLower(strings.TrimSuffix(z, ".")))
	}
	s.KeySecret = base64.StdEncoding.EncodeToString([]byte(randomHex(t, 16)))
	s.Port = freePort(t)
	s.Addr = net.JoinHostPort("127.0.0.1", strconv.Itoa(s.Port))
	if err := s.writeConfig(); err != nil {
		t.Fatalf("bind: write config: %v", err)
	}
	s.run(t, named)
	return s
}

// Require returns the path of named, after checking nsupdate too. It skips the test when either is
// missing, or fails it when SCMKIT_REQUIRE_BIND=1.
func Require(t testing.TB) string {
	t.Helper()
	named, err := lookPath("named", "/usr/sbin/named")
	if err == nil {
		_, err = lookPath("nsupdate", "/usr/bin/nsupdate")
	}
	if err != nil {
		msg := fmt.Sprintf("bind: %v (Debian: apt-get install bind9 bind9-dnsutils)", err)
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%s; %s=1 requires it", msg, RequireEnv)
		}
		t.Skip(msg)
	}
	return named
}

// lookPath finds a program on PATH or at its Debian location (/usr/sbin is not on every PATH).
func lookPath(name, fallback string) (string, error) {
	if p, err := exec.LookPath(name); err == nil {
		return p, nil
	}
	if _, err := os.Stat(fallback); err == nil {
		return fallback, nil
	}
	return "", fmt.Errorf("%s not found on PATH or at %s", name, fallback)
}

// freePort finds a port free for both UDP and TCP on 127.0.0.1. named would start without error on a
// port another named already holds (SO_REUSEPORT) and the two would share the queries, so the port is
// checked here, and readiness later checks that the answers come from this instance.
func freePort(t testing.TB) int {
	t.Helper()
	for range 50 {
		pc, err := net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatalf("bind: find a free port: %v", err)
		}
		port := pc.LocalAddr().(*net.UDPAddr).Port
		ln, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		_ = pc.Close()
		if err == nil {
			_ = ln.Close()
			return port
		}
	}
	t.Fatalf("bind: no port free for both UDP and TCP on 127.0.0.1")
	return 0
}

// run starts named in the foreground (-g: every message, fatal ones included, on stderr), registers
// its stop, and waits until every zone answers with this instance's token.
func (s *Server) run(t testing.TB, named string) {
	t.Helper()
	cmd := exec.Command(named, "-g", "-4", "-c", filepath.Join(s.Dir, "named.conf"))
	cmd.Stdout, cmd.Stderr = s.stderr, s.stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("bind: start named: %v", err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() { s.stop(t, cmd.Process, exited) })
	if err := s.waitReady(exited); err != nil {
		t.Fatalf("bind: named (pid %d) on %s: %v\n%s", cmd.Process.Pid, s.Addr, err, s.stderr.String())
	}
}

// stop sends SIGTERM to the named this Server started, by its pid, and waits for it; one that does not
// exit within the bound is killed.
func (s *Server) stop(t testing.TB, p *os.Process, exited <-chan error) {
	select {
	case <-exited:
		return
	default:
	}
	_ = p.Signal(syscall.SIGTERM)
	select {
	case <-exited:
	case <-time.After(10 * time.Second):
		_ = p.Kill()
		<-exited
		t.Errorf("bind: named (pid %d) ignored SIGTERM for 10 s and was killed", p.Pid)
	}
}

// waitReady polls each zone for the instance token. named answers SERVFAIL before its zones are
// loaded, and updates sent then fail, so "answers" is not enough: the token must come back.
func (s *Server) waitReady(exited <-chan error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	r := s.Resolver()
	backoff := 5 * time.Millisecond
	for {
		err := s.answersToken(ctx, r)
		if err == nil {
			return nil
		}
		select {
		case werr := <-exited:
			return fmt.Errorf("named exited before it was ready (%v)", werr)
		case <-ctx.Done():
			return fmt.Errorf("not ready: %w", err)
		case <-time.After(backoff):
			backoff = min(2*backoff, 200*time.Millisecond)
		}
	}
}

func (s *Server) answersToken(ctx context.Context, r *net.Resolver) error {
	for _, z := range s.Zones {
		qctx, cancel := context.WithTimeout(ctx, time.Second)
		txt, err := r.LookupTXT(qctx, tokenName(z)+".")
		cancel()
		if err != nil {
			return err
		}
		if !slices.Contains(txt, s.token) {
			return fmt.Errorf("another server answers on %s: %q", s.Addr, txt)
		}
	}
	return nil
}

func tokenName(zone string) string { return "_scmkit-instance." + zone }

// Resolver returns a resolver that asks only this server (UDP, and TCP for truncated answers). It does
// not cache, so a lookup right after an update sees it.
func (s *Server) Resolver() *net.Resolver {
	d := net.Dialer{Timeout: 2 * time.Second}
	return &net.Resolver{PreferGo: true, Dial: func(ctx context.Context, network, _ string) (net.Conn, error) {
		return d.DialContext(ctx, network, s.Addr)
	}}
}

// ZoneOf returns the most specific zone of the server that holds name.
func (s *Server) ZoneOf(name string) (string, error) {
	name = strings.ToLower(strings.TrimSuffix(name, "."))
	best := ""
	for _, z := range s.Zones {
		if (name == z || strings.HasSuffix(name, "."+z)) && len(z) > len(best) {
			best = z
		}
	}
	if best == "" {
		return "", fmt.Errorf("bind: %s is in none of the zones %v", name, s.Zones)
	}
	return best, nil
}

// Log returns named's output so far, for failure messages.
func (s *Server) Log() string { return s.stderr.String() }

func randomHex(t testing.TB, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatalf("bind: random: %v", err)
	}
	return hex.EncodeToString(b)
}

// buffer collects named's output; the process writes while the test reads.
type buffer struct {
	mu sync.Mutex
	b  strings.Builder
}

const maxLog = 64 << 10

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.b.Len() < maxLog {
		b.b.Write(p[:min(len(p), maxLog-b.b.Len())])
	}
	return len(p), nil
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
