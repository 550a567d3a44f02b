package bind

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// writeConfig writes everything named reads into s.Dir. Why each option is there:
//   - directory, pid-file and session-keyfile keep named out of /var/cache/bind and /run/named;
//   - recursion, notify and DNSSEC validation are off, so named never sends a packet off the machine
//     (a name outside its zones gets REFUSED);
//   - "controls { };" stops the rndc channel on 127.0.0.1:953, which every copy would share; copies
//     are stopped by pid instead;
//   - each zone holds an NS with its address (without one the zone does not load) and the instance
//     token that readiness looks for.
func (s *Server) writeConfig() error {
	if err := os.MkdirAll(filepath.Join(s.Dir, "zones"), 0o755); err != nil {
		return err
	}
	s.KeyFile = filepath.Join(s.Dir, "tsig.key")
	key := fmt.Sprintf("key %q {\n\talgorithm %s;\n\tsecret %q;\n};\n", s.KeyName, s.KeyAlgorithm, s.KeySecret)
	if err := os.WriteFile(s.KeyFile, []byte(key), 0o600); err != nil {
		return err
	}
	for _, z := range s.Zones {
		if err := os.WriteFile(filepath.Join(s.Dir, "zones", z+".db"), []byte(s.zoneFile(z)), 0o644); err != nil {
			return err
		}
	}
	return os.WriteFile(filepath.Join(s.Dir, "named.conf"), []byte(s.namedConf()), 0o644)
}

func (s *Server) namedConf() string {
	var b strings.Builder
	fmt.Fprintf(&b, `options {
	directory %q;
	pid-file %q;
	session-keyfile %q;
	listen-on port %d { 127.0.0.1; };
	listen-on-v6 { none; };
	recursion no;
	notify no;
	dnssec-validation no;
	allow-query { any; };
	allow-transfer { none; };
};
controls { };
include %q;
`, s.Dir, filepath.Join(s.Dir, "named.pid"), filepath.Join(s.Dir, "session.key"), s.Port, s.KeyFile)
	for _, z := range s.Zones {
		fmt.Fprintf(&b, "zone %q {\n\ttype primary;\n\tfile %q;\n\tallow-update { key %q; };\n};\n",
			z, "zones/"+z+".db", s.KeyName)
	}
	return b.String()
}

func (s *Server) zoneFile(z string) string {
	return fmt.Sprintf(`$TTL 60
@	IN SOA	ns1.%[1]s. hostmaster.%[1]s. ( 1 60 60 600 60 )
	IN NS	ns1.%[1]s.
ns1	IN A	127.0.0.1
%[2]s.	IN TXT	"%[3]s"
`, z, tokenName(z), s.token)
}
