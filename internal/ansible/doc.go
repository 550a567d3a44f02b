// Package ansible is a small, generic runtime for Ansible binary modules
// written in Go. It implements the binary-module protocol of ansible-core
// 2.14: it reads the JSON arguments file named by argv[1], validates the
// parameters against an argument spec with AnsibleModule's semantics and
// wording, runs the module, and prints exactly one JSON result.
//
// A module is a [Module] value: a name, a [Spec], and a Run function that
// receives the validated parameters decoded into a typed struct. cmd/<module>
// calls [Main]; a multi-call executable calls [MainMulti]; tests call
// [Execute] (or the ansibletest helper), which is pure.
//
// What the runtime guarantees, whatever the module does:
//   - stdout carries exactly one JSON object, always with "changed" and
//     "invocation"; failures carry failed=true and msg, and exit with code 1.
//     A panic in Run becomes a failed result, never "MODULE FAILURE".
//   - Secrets never leave the process: the values of no_log options
//     (including env-sourced and sub-option ones) and every value passed to
//     [Env.AddSecret] are replaced by "********" everywhere in the output
//     (messages, warnings, data, diff, trace, error details, map keys), and
//     invocation.module_args shows VALUE_SPECIFIED_IN_NO_LOG_PARAMETER for
//     no_log options. The controller does none of this for binary modules.
//     Secrets shorter than three characters, boolean words (true, yes, ...)
//     and all-'*' strings are not masked: they would shred the output while
//     hiding nothing (see maskable).
//   - In check mode a module that does not support it is skipped without
//     calling Run.
//
// What it must never do:
//   - know anything about SCM or any other product: it is generic;
//   - import anything outside the standard library;
//   - write to stdout anywhere but main.go, or call os.Exit anywhere but
//     main.go. It is the only package in the project allowed to do either.
//
// Deliberate differences from AnsibleModule (2.14), kept small and listed
// here so nobody has to rediscover them:
//   - An explicit JSON null for a known option means "not given": required
//     fails, the env fallback and the default apply. Ansible keeps None,
//     which a Go struct cannot tell apart from a zero value.
//   - An option given under its name and an alias (or two aliases) with
//     different values is an error; with equal values it only warns.
//   - Only the first validation error is reported, in Ansible's order of
//     checks, exactly as AnsibleModule.fail_json does.
//   - int accepts integral floats (3.0); bools are never numbers; str does
//     not stringify lists or dicts (Ansible would print a Python repr).
//   - A module that lacks check mode support is skipped with the message
//     "<name> does not support check mode".
//   - On a validation failure invocation.module_args shows the arguments as
//     sent (no_log values replaced); on success, the validated parameters.
package ansible
