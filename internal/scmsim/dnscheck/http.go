package dnscheck

import (
	"bufio"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
)

// maxBody caps how much of a validation file is read; the file holds two short
// lines, so anything larger is a mistake, not something to buffer.
const maxBody = 64 << 10

// CheckHTTP fetches url and returns nil when the body's first line is
// wantFirstLine and its second line is wantSecondLine (skipped when empty).
// Lines are compared after trimming surrounding blanks and a CR, so files
// written on Windows pass. The connection always goes to HTTPAddr; the URL's
// host is sent as Host (and as SNI for https).
//
// Emulator choices where SCM's behaviour is not documented: redirects are not
// followed (the response must be 200 itself), and for https the server
// certificate is not verified, because the check is about control of the
// content, and demo servers use self-signed certificates.
func (c *Checker) CheckHTTP(ctx context.Context, url, wantFirstLine, wantSecondLine string) error {
	if c.HTTPAddr == "" {
		return errors.New("dnscheck: no HTTP address configured")
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("dnscheck: HTTP check: %w", err)
	}
	req.Header.Set("User-Agent", "scmsim-dcv")
	client, closeIdle := c.httpClient()
	defer closeIdle()
	resp, err := client.Do(req)
	if err != nil {
		return fmt.Errorf("dnscheck: GET %s via %s: %w", url, c.HTTPAddr, err)
	}
	defer resp.Body.Close()
	if err := checkStatus(url, resp); err != nil {
		return err
	}
	first, second, err := firstTwoLines(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return fmt.Errorf("dnscheck: read %s: %w", url, err)
	}
	return compareLines(url, first, second, wantFirstLine, wantSecondLine)
}

func (c *Checker) httpClient() (*http.Client, func()) {
	d := net.Dialer{Timeout: c.timeout()}
	addr := c.HTTPAddr
	tr := &http.Transport{
		Proxy: nil, // never an HTTP(S)_PROXY from the environment
		DialContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			return d.DialContext(ctx, network, addr)
		},
		//nolint:gosec // Deliberate: DCV checks content, not trust; see CheckHTTP.
		TLSClientConfig:   &tls.Config{InsecureSkipVerify: true},
		DisableKeepAlives: true,
	}
	client := &http.Client{
		Transport: tr,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return client, tr.CloseIdleConnections
}

func checkStatus(url string, resp *http.Response) error {
	switch {
	case resp.StatusCode == http.StatusOK:
		return nil
	case resp.StatusCode == http.StatusNotFound || resp.StatusCode == http.StatusGone:
		return fmt.Errorf("%w: GET %s: %s", ErrNotFound, url, resp.Status)
	case resp.StatusCode >= 300 && resp.StatusCode < 400:
		return fmt.Errorf("%w: GET %s: %s to %q (redirects are not followed)",
			ErrMismatch, url, resp.Status, resp.Header.Get("Location"))
	default:
		return fmt.Errorf("dnscheck: GET %s: %s", url, resp.Status)
	}
}

func firstTwoLines(r io.Reader) (string, string, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxBody)
	var lines []string
	for len(lines) < 2 && sc.Scan() {
		lines = append(lines, strings.TrimSpace(sc.Text()))
	}
	if err := sc.Err(); err != nil {
		return "", "", err
	}
	for len(lines) < 2 {
		lines = append(lines, "")
	}
	// A UTF-8 byte order mark from a Windows editor is not content.
	return strings.TrimPrefix(lines[0], "\ufeff"), lines[1], nil
}

func compareLines(url, first, second, wantFirst, wantSecond string) error {
	if first != strings.TrimSpace(wantFirst) {
		return fmt.Errorf("%w: first line of %s is %q, want %q", ErrMismatch, url, first, wantFirst)
	}
	if wantSecond != "" && second != strings.TrimSpace(wantSecond) {
		return fmt.Errorf("%w: second line of %s is %q, want %q", ErrMismatch, url, second, wantSecond)
	}
	return nil
}
