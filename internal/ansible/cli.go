package ansible

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// runSingle is Main without the process: argv in, output written, exit
// code returned.
func runSingle(ctx context.Context, argv []string, stdout, stderr io.Writer, r Runner) int {
	if len(argv) >= 2 && argv[1] == "--version" {
		return printVersion(argv, stdout)
	}
	if len(argv) < 2 {
		return emitFailure(stdout, stderr, "no module arguments file: run this module through Ansible, "+
			"or pass the path of a JSON arguments file as the first argument")
	}
	data, err := os.ReadFile(argv[1])
	if err != nil {
		return emitFailure(stdout, stderr, fmt.Sprintf("cannot read the module arguments file: %v", err))
	}
	out, code := r.Execute(ctx, data)
	return emit(stdout, stderr, out, code)
}

// runMulti is MainMulti without the process.
func runMulti(ctx context.Context, argv []string, stdout, stderr io.Writer, runners []Runner) int {
	if len(argv) < 2 {
		fmt.Fprintf(stderr, "usage: %s ARGS_FILE\nAnsible binary module for: %s. Ansible runs it; "+
			"a person can pass a JSON arguments file.\n", progName(argv), strings.Join(runnerNames(runners), ", "))
		return 2
	}
	if argv[1] == "--version" {
		return printVersion(argv, stdout)
	}
	data, err := os.ReadFile(argv[1])
	if err != nil {
		return emitFailure(stdout, stderr, fmt.Sprintf("cannot read the module arguments file: %v", err))
	}
	env, _, _ := splitArgs(data, "", noSystem)
	r, err := selectRunner(runners, argv[0], env.ModuleName)
	if err != nil {
		resp := &response{data: map[string]any{"known_modules": runnerNames(runners)}}
		resp.fail(err.Error())
		out, code := resp.render(&Env{}, nil, false)
		return emit(stdout, stderr, out, code)
	}
	out, code := r.Execute(ctx, data)
	return emit(stdout, stderr, out, code)
}

func progName(argv []string) string {
	if len(argv) == 0 || argv[0] == "" {
		return "module"
	}
	return filepath.Base(argv[0])
}

func printVersion(argv []string, stdout io.Writer) int {
	fmt.Fprintf(stdout, "%s %s\n", progName(argv), Version)
	return 0
}

func runnerNames(runners []Runner) []string {
	names := make([]string, len(runners))
	for i, r := range runners {
		names[i] = r.ModuleName()
	}
	slices.Sort(names)
	return names
}

// emitFailure writes the result of a run that never reached a module: no
// arguments were read, so there is nothing to mask or echo.
func emitFailure(stdout, stderr io.Writer, msg string) int {
	r := &response{}
	r.fail(msg)
	out, code := r.render(&Env{}, nil, false)
	return emit(stdout, stderr, out, code)
}

// emit writes the result. If stdout is gone there is no one to tell but
// stderr, and the run counts as failed.
func emit(stdout, stderr io.Writer, out []byte, code int) int {
	if _, err := stdout.Write(out); err != nil {
		fmt.Fprintf(stderr, "cannot write the module result: %v\n", err)
		return 1
	}
	return code
}
