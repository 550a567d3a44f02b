package scmsim

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/miekg/dns"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeDNS is a loopback UDP server answering from a record map the test
// fills in while the emulator polls.
type fakeDNS struct {
	mu      sync.Mutex
	records map[string]dns.RR // lower-case FQDN -> record
}

func startFakeDNS(t *testing.T) (*fakeDNS, string) {
	t.Helper()
	f := &fakeDNS{records: map[string]dns.RR{}}
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	require.NoError(t, err)
	started := make(chan struct{})
	srv := &dns.Server{PacketConn: pc, Handler: dns.HandlerFunc(f.serve), NotifyStartedFunc: func() { close(started) }}
	go func() { _ = srv.ActivateAndServe() }()
	<-started
	t.Cleanup(func() { _ = srv.Shutdown() })
	return f, pc.LocalAddr().String()
}

func (f *fakeDNS) set(t *testing.T, text string) {
	rr, err := dns.NewRR(text)
	require.NoError(t, err)
	f.mu.Lock()
	defer f.mu.Unlock()
	f.records[strings.ToLower(rr.Header().Name)] = rr
}

func (f *fakeDNS) serve(w dns.ResponseWriter, req *dns.Msg) {
	resp := new(dns.Msg)
	resp.SetReply(req)
	resp.Authoritative = true
	f.mu.Lock()
	rr, ok := f.records[strings.ToLower(req.Question[0].Name)]
	f.mu.Unlock()
	if !ok {
		resp.SetRcode(req, dns.RcodeNameError)
	} else if rr.Header().Rrtype == req.Question[0].Qtype || rr.Header().Rrtype == dns.TypeCNAME {
		resp.Answer = append(resp.Answer, rr)
	}
	_ = w.WriteMsg(resp)
}

func TestDCV_DNSMode(t *testing.T) {
	t.Parallel()
	zone, addr := startFakeDNS(t)
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.DCVMode, k.DNSServer = DCVModeDNS, addr })
	e.createDomain("dns.example.com")
	e.createDomain("txt.example.com")

	var start cnameStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/cname", dom("dns.example.com")).decode(t, &start)
	var sub dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/cname", dom("dns.example.com")).decode(t, &sub)
	assert.Equal(t, dcvNotValidated, sub.Status, "no record yet")
	assert.Equal(t, orderSubmitted, e.dcvStatus("dns.example.com").OrderStatus)

	zone.set(t, fmt.Sprintf("%s 60 IN CNAME %s", start.Host, start.Point))
	st := e.dcvStatus("dns.example.com")
	assert.Equal(t, dcvValidated, st.Status)
	assert.Equal(t, "CNAME_CSR_HASH", e.sim.World().DCV[0].Method)

	var txt dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/txt", dom("txt.example.com")).decode(t, &txt)
	assert.Equal(t, dcvNotValidated, txt.Status)
	zone.set(t, fmt.Sprintf("%s 60 IN TXT %q", txt.Host, "wrong"))
	assert.Equal(t, dcvNotValidated, e.dcvStatus("txt.example.com").Status, "mismatching value")
	zone.set(t, fmt.Sprintf("%s 60 IN TXT %q", txt.Host, txt.Point))
	assert.Equal(t, dcvValidated, e.dcvStatus("txt.example.com").Status)
}

func TestDCV_HTTPMode(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	files := map[string]string{}
	site := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		body, ok := files[r.Host+r.URL.Path]
		mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write([]byte(body))
	}))
	t.Cleanup(site.Close)
	e := newEnv(t)
	e.setKnobs(func(k *Knobs) { k.DCVMode, k.HTTPAddr = DCVModeHTTP, site.Listener.Addr().String() })
	e.createDomain("file.example.com")

	var h httpStartResp
	e.do("POST", "/dcv/v1/validation/start/domain/http", dom("file.example.com")).decode(t, &h)
	var sub dcvSubmitResp
	e.do("POST", "/dcv/v1/validation/submit/domain/http", dom("file.example.com")).decode(t, &sub)
	assert.Equal(t, dcvNotValidated, sub.Status)

	mu.Lock()
	files[strings.TrimPrefix(h.URL, "http://")] = h.FirstLine + "\n" + h.SecondLine + "\n"
	mu.Unlock()
	assert.Equal(t, dcvValidated, e.dcvStatus("file.example.com").Status)
	assert.Equal(t, "HTTP_CSR_HASH", e.sim.World().DCV[0].Method)
}

func TestKnobs_Validate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		desc    string
		mutate  func(*Knobs)
		wantErr string
	}{
		{desc: "defaults", mutate: func(*Knobs) {}},
		{desc: "unknown mode", mutate: func(k *Knobs) { k.DCVMode = "magic" }, wantErr: "dcv_mode"},
		{desc: "dns without server", mutate: func(k *Knobs) { k.DCVMode = DCVModeDNS }, wantErr: "dns_server"},
		{desc: "http without address", mutate: func(k *Knobs) { k.DCVMode = DCVModeHTTP }, wantErr: "http_addr"},
		{desc: "negative polls", mutate: func(k *Knobs) { k.DCVAutoPolls = -1 }, wantErr: ">= 0"},
		{desc: "zero validity", mutate: func(k *Knobs) { k.DCVValidityDays = 0 }, wantErr: "dcv_validity_days"},
		{desc: "odd collect code", mutate: func(k *Knobs) { k.CollectNotReadyCode = -5 }, wantErr: "-183"},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			k := DefaultKnobs()
			tc.mutate(&k)
			err := k.Validate()
			if tc.wantErr == "" {
				require.NoError(t, err)
				return
			}
			require.ErrorContains(t, err, tc.wantErr)
		})
	}
}
