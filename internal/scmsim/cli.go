package scmsim

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"
)

// shutdownGrace bounds a graceful stop.
const shutdownGrace = 5 * time.Second

// Main runs the emulator as cmd/scmsim does: parse flags and SCMSIM_*
// variables, listen, write the CA bundle, pid and ready files, serve until ctx
// ends (SIGTERM/SIGINT in the command), then stop gracefully. It returns the
// exit code: 0 after a clean stop, 2 for usage errors, 1 otherwise.
func Main(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer) int {
	cfg, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, "scmsim:", err)
		return 2
	}
	level := slog.LevelInfo
	if cfg.verbose {
		level = slog.LevelDebug
	}
	log := slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: level}))
	if err := run(ctx, cfg, log); err != nil {
		log.Error("scmsim stopped", "err", err)
		return 1
	}
	return 0
}

func run(ctx context.Context, cfg *cliConfig, log *slog.Logger) error {
	sim, err := newFromConfig(cfg, log)
	if err != nil {
		return err
	}
	api, apiURL, err := sim.listenAPI(cfg)
	if err != nil {
		return err
	}
	admin, adminURL, err := sim.listenAdmin(cfg.adminListen)
	if err != nil {
		api.close()
		return err
	}
	// The CA bundle is on disk before the listener accepts its first
	// connection, so a client started right after can trust it.
	if err := writeStartupFiles(cfg, sim, apiURL, adminURL); err != nil {
		api.close()
		admin.close()
		return err
	}
	defer removeFiles(cfg.pidFile, cfg.readyFile, cfg.adminFile)
	errc := make(chan error, 2)
	api.start(errc)
	admin.start(errc)
	log.Info("scmsim listening", "url", apiURL, "admin", adminURL, "customer_uri", sim.World().CustomerURI)
	select {
	case <-ctx.Done():
	case err = <-errc:
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	api.shutdown(shutdownCtx)
	admin.shutdown(shutdownCtx)
	return err
}

func newFromConfig(cfg *cliConfig, log *slog.Logger) (*Server, error) {
	opts := Options{Knobs: &cfg.knobs, Faults: &cfg.faults, StatePath: cfg.state, Logger: log,
		ACMERealValidation: cfg.acmeRealValidation, Bulk: cfg.bulk}
	if cfg.seed != "" {
		data, err := os.ReadFile(cfg.seed)
		if err != nil {
			return nil, fmt.Errorf("read seed: %w", err)
		}
		if opts.World, err = ParseWorld(data); err != nil {
			return nil, err
		}
	}
	return New(opts)
}

// listener is one bound socket and the server that will serve it.
type listener struct {
	ln  net.Listener
	srv *http.Server
}

func (l *listener) start(errc chan<- error) {
	if l == nil {
		return
	}
	go func() {
		if err := l.srv.Serve(l.ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- err
		}
	}()
}

func (l *listener) shutdown(ctx context.Context) {
	if l != nil {
		_ = l.srv.Shutdown(ctx) // on timeout the process exits anyway
	}
}

func (l *listener) close() {
	if l != nil {
		_ = l.ln.Close()
	}
}

// listenAPI binds the SCM/ACME listener: TLS with the emulator's own
// certificate (client certificates optional, for /private/api) unless
// -plain-http. HTTP/2 stays off so drop-after-commit can hijack connections.
func (s *Server) listenAPI(cfg *cliConfig) (*listener, string, error) {
	ln, err := net.Listen("tcp", cfg.listen)
	if err != nil {
		return nil, "", fmt.Errorf("listen %s: %w", cfg.listen, err)
	}
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second,
		TLSNextProto: map[string]func(*http.Server, *tls.Conn, http.Handler){}}
	scheme := "http"
	if !cfg.plainHTTP {
		tlsCfg, err := s.TLSConfig()
		if err != nil {
			_ = ln.Close()
			return nil, "", err
		}
		ln, scheme = tls.NewListener(ln, tlsCfg), "https"
	}
	return &listener{ln: ln, srv: srv}, scheme + "://" + ln.Addr().String(), nil
}

// listenAdmin binds the admin API, refusing any address that is not loopback.
func (s *Server) listenAdmin(addr string) (*listener, string, error) {
	if addr == "" {
		return nil, "", nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, "", fmt.Errorf("admin address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, "", fmt.Errorf("%w, not %q", errNotLoopback, addr)
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, "", fmt.Errorf("listen %s: %w", addr, err)
	}
	srv := &http.Server{Handler: s.AdminHandler(), ReadHeaderTimeout: 10 * time.Second}
	return &listener{ln: ln, srv: srv}, "http://" + ln.Addr().String(), nil
}

func writeStartupFiles(cfg *cliConfig, s *Server, apiURL, adminURL string) error {
	files := []struct {
		path string
		data []byte
		mode os.FileMode
	}{
		{cfg.caOut, s.CABundlePEM(), 0o644},
		{cfg.pidFile, []byte(strconv.Itoa(os.Getpid()) + "\n"), 0o644},
		{cfg.readyFile, []byte(apiURL + "\n"), 0o644},
		{cfg.adminFile, []byte(adminURL + "\n"), 0o644},
	}
	for _, f := range files {
		if f.path == "" {
			continue
		}
		if err := writeFileAtomic(f.path, f.data, f.mode); err != nil {
			return fmt.Errorf("write %s: %w", f.path, err)
		}
	}
	return nil
}

func removeFiles(paths ...string) {
	for _, p := range paths {
		if p != "" {
			_ = os.Remove(p) // best effort: a stale file is harmless
		}
	}
}
