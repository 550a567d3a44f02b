package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
)

// buildSnapshot copies the checkout's files (tracked, plus untracked ones git does not ignore) into
// dir and runs `make collection` there. Building in a copy keeps the figures about one build: in a
// shared tree another `make collection` or `make install` may rewrite dist/ and the per-platform
// executables while the benchmark runs. It returns the tarball and the executables' directory.
func buildSnapshot(ctx context.Context, dir string) (tarball, bindir string, err error) {
	out, err := exec.CommandContext(ctx, "git", "ls-files", "-z", "--cached", "--others", "--exclude-standard").Output()
	if err != nil {
		return "", "", fmt.Errorf("list the checkout's files (bench runs from a git checkout): %w", err)
	}
	for _, name := range bytes.Split(bytes.TrimSuffix(out, []byte{0}), []byte{0}) {
		if err := copyEntry(string(name), filepath.Join(dir, string(name))); err != nil {
			return "", "", err
		}
	}
	cmd := exec.CommandContext(ctx, "make", "--no-print-directory", "collection")
	cmd.Dir = dir
	if log, err := cmd.CombinedOutput(); err != nil {
		return "", "", fmt.Errorf("make collection: %w\n%s", err, log)
	}
	tarballs, err := filepath.Glob(filepath.Join(dir, "dist", "*.tar.gz"))
	if err != nil || len(tarballs) != 1 {
		return "", "", fmt.Errorf("make collection left %d tarballs in dist/, want 1", len(tarballs))
	}
	return tarballs[0], filepath.Join(dir, "plugins", "modules", "__bin__"), nil
}

// copyEntry copies one file or symlink; a file the listing names but the tree no longer has (deleted
// and not yet committed) is skipped.
func copyEntry(src, dst string) error {
	fi, err := os.Lstat(src)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	if fi.Mode()&os.ModeSymlink != 0 {
		target, err := os.Readlink(src)
		if err != nil {
			return err
		}
		return os.Symlink(target, dst)
	}
	if !fi.Mode().IsRegular() {
		return nil
	}
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fi.Mode().Perm())
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
