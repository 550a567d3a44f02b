package bind

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// Record is one resource record to publish or remove. Name may carry the trailing dot or not: it is
// always taken as absolute. Value is in DNS presentation form, as community.general.nsupdate takes it:
// a TXT value that does not both start and end with a double quote is quoted here, any other value is
// passed as it is.
type Record struct {
	Name  string
	Type  string
	Value string
	TTL   int // 60 when zero
}

// Publish adds records with nsupdate, signed with the server's key; the test fails if nsupdate does.
// Records of different zones go in separate messages (one UPDATE touches one zone).
func (s *Server) Publish(t testing.TB, recs ...Record) {
	t.Helper()
	s.update(t, "add", recs)
}

// Remove deletes the RRsets of recs (by name and type; the value is ignored).
func (s *Server) Remove(t testing.TB, recs ...Record) {
	t.Helper()
	s.update(t, "delete", recs)
}

func (s *Server) update(t testing.TB, verb string, recs []Record) {
	t.Helper()
	for _, r := range recs {
		zone, err := s.ZoneOf(r.Name)
		if err != nil {
			t.Fatal(err)
		}
		line := "update delete " + absolute(r.Name) + " " + r.Type
		if verb == "add" {
			line = fmt.Sprintf("update add %s %d %s %s", absolute(r.Name), ttl(r.TTL), r.Type, rdata(r))
		}
		if err := s.NSUpdate(zone, line); err != nil {
			t.Fatal(err)
		}
	}
}

var scripts atomic.Int64

// NSUpdate runs nsupdate with the server's key and the given update lines for zone, then "send".
func (s *Server) NSUpdate(zone string, lines ...string) error {
	script := fmt.Sprintf("server 127.0.0.1 %d\nzone %s\n%s\nsend\n", s.Port, absolute(zone), strings.Join(lines, "\n"))
	path := filepath.Join(s.Dir, fmt.Sprintf("update-%d.nsu", scripts.Add(1)))
	if err := os.WriteFile(path, []byte(script), 0o600); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	nsupdate, err := lookPath("nsupdate", "/usr/bin/nsupdate")
	if err != nil {
		return err
	}
	out, err := exec.CommandContext(ctx, nsupdate, "-t", "5", "-k", s.KeyFile, path).CombinedOutput()
	if err != nil {
		return fmt.Errorf("bind: nsupdate %s: %v\n%s\nscript:\n%s", path, err, out, script)
	}
	return nil
}

func absolute(name string) string { return strings.TrimSuffix(name, ".") + "." }

func ttl(n int) int {
	if n <= 0 {
		return 60
	}
	return n
}

func rdata(r Record) string {
	v := r.Value
	if strings.EqualFold(r.Type, "TXT") && !(len(v) >= 2 && strings.HasPrefix(v, `"`) && strings.HasSuffix(v, `"`)) {
		v = `"` + v + `"`
	}
	return v
}
