// Command rsswrap runs a command and writes its peak resident set size, in kilobytes, to a file:
//
//	rsswrap <file> <command> [args...]
//
// The benchmark cannot take a module's peak RSS from the rusage of a process it starts itself. Go
// starts children with clone(CLONE_VM), and Linux keeps a process's RSS high-water mark across exec,
// so a child's ru_maxrss is at least the benchmark's own peak (over 100 MB once it has read a journal
// of 20,000 requests). This small process starts the module instead: the module inherits its few
// megabytes, not the benchmark's.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"syscall"
)

func main() {
	if len(os.Args) < 3 {
		fmt.Fprintln(os.Stderr, "usage: rsswrap <file> <command> [args...]")
		os.Exit(2)
	}
	cmd := exec.Command(os.Args[2], os.Args[3:]...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = os.Stdin, os.Stdout, os.Stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		fmt.Fprintln(os.Stderr, "rsswrap:", err)
		os.Exit(2)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok {
		if werr := os.WriteFile(os.Args[1], []byte(strconv.FormatInt(int64(ru.Maxrss), 10)), 0o600); werr != nil {
			fmt.Fprintln(os.Stderr, "rsswrap:", werr)
			os.Exit(2)
		}
	}
	os.Exit(cmd.ProcessState.ExitCode())
}
