package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// bench is one benchmark run: a scratch directory holding the collection installed from its tarball,
// the floor module, a scmsim process, and the playbooks and argument files it writes.
type bench struct {
	opts   options
	work   string
	coll   string // ANSIBLE_COLLECTIONS_PATH of the installed tarball
	binDir string // the installed collection's per-platform builds
	plat   string // goos_goarch of this machine
	sim    *sim
	nfile  int // argument files written so far
}

// setup builds the tarball (unless -tarball names one), installs it, builds the floor module and
// scmsim, and starts scmsim.
func setup(ctx context.Context, opts options) (*bench, error) {
	// Inside the checkout's .cache, which the controller roots see at the same path (root.sh binds the
	// checkout), so that their ansible-playbook finds the playbooks and the installed collection.
	cache, err := filepath.Abs(".cache")
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(cache, 0o755); err != nil {
		return nil, err
	}
	work, err := os.MkdirTemp(cache, "bench.")
	if err != nil {
		return nil, err
	}
	b := &bench{opts: opts, work: work, coll: filepath.Join(work, "collections"),
		plat: runtime.GOOS + "_" + runtime.GOARCH}
	b.binDir = filepath.Join(b.coll, "ansible_collections", "scmkit", "sectigo", "plugins", "modules", "__bin__")
	if b.opts.tarball == "" {
		fmt.Fprintln(os.Stderr, "bench: make collection in a snapshot of the checkout ...")
		if b.opts.tarball, b.opts.bindir, err = buildSnapshot(ctx, filepath.Join(work, "src")); err != nil {
			b.close()
			return nil, err
		}
	}
	steps := [][]string{
		{"ansible-galaxy", "collection", "install", "--force", "--no-deps", "-p", b.coll, b.opts.tarball},
		{"go", "build", "-trimpath", "-ldflags", "-s -w", "-o", filepath.Join(work, "playbooks", "library", "noop"), "./bench/noop"},
		{"go", "build", "-trimpath", "-o", filepath.Join(work, "scmsim"), "./cmd/scmsim"},
		{"go", "build", "-trimpath", "-o", filepath.Join(work, "rsswrap"), "./bench/rsswrap"},
	}
	for _, argv := range steps {
		if err := b.command(ctx, argv...); err != nil {
			b.close()
			return nil, err
		}
	}
	if b.sim, err = startSim(work, filepath.Join(work, "scmsim")); err != nil {
		b.close()
		return nil, err
	}
	return b, nil
}

// close stops scmsim and removes the scratch directory unless -keep was given.
func (b *bench) close() {
	if b.sim != nil {
		b.sim.stop()
	}
	if b.opts.keep {
		fmt.Fprintf(os.Stderr, "bench: scratch directory kept: %s\n", b.work)
		return
	}
	_ = os.RemoveAll(b.work)
}

// command runs a build or install step of the harness (CGO off, as in `make build`), quietly unless it fails.
func (b *bench) command(ctx context.Context, argv ...string) error {
	cmd := exec.CommandContext(ctx, argv[0], argv[1:]...)
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %w\n%s", strings.Join(argv, " "), err, out)
	}
	return nil
}

// conn is the connection to scmsim, as module arguments.
func (b *bench) conn() map[string]any {
	return map[string]any{"scm_url": b.sim.url + "/api", "scm_customer_uri": "demo", "scm_login": "mrao",
		"scm_password": "mrao-secret", "scm_ca_path": b.sim.ca}
}

// Ways the looped form logs in: an API key costs a token request per task, unless the token cache
// carries the first task's token to the next ones.
const (
	authPassword     = "password"
	authOAuth2       = "API key"
	authOAuth2Cached = "API key, token cache"
)

// connFor is the connection for auth: scmsim's demo API key instead of the password, with or without
// the token cache (kept in the bench's own work directory, see runExecutable).
func (b *bench) connFor(auth string) map[string]any {
	if auth == authPassword || auth == "" {
		return b.conn()
	}
	return map[string]any{"scm_url": b.sim.url + "/api", "scm_client_id": "demo-client",
		"scm_client_secret": "demo-client-secret", "scm_ca_path": b.sim.ca,
		"scm_token_url":   b.sim.url + tokenPath,
		"scm_token_cache": auth == authOAuth2Cached}
}

// authArg, in a step's arguments, picks the connection (connFor) instead of being passed on.
const authArg = "__bench_auth"

// moduleRun is one module process, run the way Ansible runs a binary module.
type moduleRun struct {
	Result map[string]any
	Wall   time.Duration
	MaxRSS int64 // peak resident set size, bytes
}

func (r moduleRun) changed() bool { return r.Result["changed"] == true }

// runModule runs the installed build of module on args (plus the connection), through the
// binary-module protocol: an arguments file named by argv[1], one JSON result on stdout. A failed
// result is an error.
func (b *bench) runModule(ctx context.Context, module string, args map[string]any) (moduleRun, error) {
	return b.runExecutable(ctx, filepath.Join(b.binDir, module+"_"+b.plat), module, args)
}

func (b *bench) runExecutable(ctx context.Context, exe, module string, args map[string]any) (moduleRun, error) {
	auth, _ := args[authArg].(string)
	all := b.connFor(auth)
	for k, v := range args {
		if k == authArg {
			continue
		}
		all[k] = v
	}
	all["_ansible_module_name"] = "scmkit.sectigo." + module
	b.nfile++
	file := filepath.Join(b.work, fmt.Sprintf("args-%04d-%s.json", b.nfile, module))
	if err := writeJSON(file, all); err != nil {
		return moduleRun{}, err
	}
	var stdout, stderr bytes.Buffer
	// Through bench/rsswrap, which reports the module's own peak RSS (see there why the rusage of a
	// process the benchmark starts cannot).
	rssFile := file + ".rss"
	cmd := exec.CommandContext(ctx, filepath.Join(b.work, "rsswrap"), rssFile, exe, file)
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), "XDG_CACHE_HOME="+filepath.Join(b.work, "cache"), // the token and lookup caches
		noCAA)
	start := time.Now()
	runErr := cmd.Run()
	run := moduleRun{Wall: time.Since(start), MaxRSS: readRSS(rssFile)}
	if err := json.Unmarshal(stdout.Bytes(), &run.Result); err != nil {
		return run, fmt.Errorf("%s: no JSON result (%v): %s%s", module, runErr, stdout.Bytes(), stderr.Bytes())
	}
	if run.Result["failed"] == true {
		return run, fmt.Errorf("%s failed: %v", module, run.Result["msg"])
	}
	return run, nil
}

// noCAA turns scm_dcv's and scm_cert's CAA pre-check off in every run of the benchmark: it asks DNS,
// not SCM, for names no DNS here holds, and what it costs is the resolver's (one on a VM that drops
// a burst of queries holds a task for its 5 s timeout), not the collection's.
const noCAA = "SCM_CAA_CHECK=off"

// readRSS reads the peak resident set size rsswrap wrote (kilobytes on Linux, bytes on macOS), in
// bytes; 0 when there is none.
func readRSS(path string) int64 {
	raw, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	n, err := strconv.ParseInt(strings.TrimSpace(string(raw)), 10, 64)
	if err != nil {
		return 0
	}
	if runtime.GOOS == "darwin" {
		return n
	}
	return n * 1024
}

func writeJSON(path string, v any) error {
	data, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o600)
}
