package caa

import (
	"fmt"
	"net"
	"time"

	"github.com/miekg/dns"
)

// resolvConfPath is where the system resolvers are configured.
const resolvConfPath = "/etc/resolv.conf"

// localServers are asked when resolv.conf names no server, as the C library
// and Go's own resolver do.
var localServers = []string{"127.0.0.1:53", "[::1]:53"}

// readResolvConf returns the name servers of a resolv.conf file with its
// timeout and attempts options. The search list and ndots are ignored:
// names checked here are always absolute.
func readResolvConf(path string) (serverSet, error) {
	conf, err := dns.ClientConfigFromFile(path)
	if err != nil {
		return serverSet{}, fmt.Errorf("CAA lookup: reading the system resolvers: %w", err)
	}
	set := serverSet{source: path, timeout: time.Duration(conf.Timeout) * time.Second, attempts: conf.Attempts}
	for _, s := range conf.Servers {
		set.addrs = append(set.addrs, net.JoinHostPort(s, conf.Port))
	}
	if len(set.addrs) == 0 {
		set.addrs = localServers
	}
	return set, nil
}
