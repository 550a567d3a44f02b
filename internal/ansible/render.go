package ansible

// render assembles, masks and encodes the one JSON object the module
// prints, and returns it (newline-terminated) with the exit code: 1 for a
// failure, 0 otherwise. Everything goes through the masker except Revealed,
// which is merged last on purpose.
func (r *response) render(env *Env, secrets []string, showDiff bool) ([]byte, int) {
	trace, envWarnings, envSecrets := env.snapshot()
	data, revealed := r.extras()
	diff := r.diffValue(showDiff)
	out := r.base(env, trace, envWarnings)
	if diff != nil {
		out["diff"] = diff
	}
	for k, v := range data {
		out[k] = v
	}
	b, err := encodeMasked(out, revealed, append(secrets, envSecrets...))
	if err != nil {
		// Unreachable with normalised values, but a result must still come
		// out: a fixed, secret-free failure.
		b = []byte(`{"changed": false, "failed": true, "msg": "internal error: cannot encode the module result", "invocation": {"module_args": {}}}`)
		r.failed = true
	}
	code := 0
	if r.failed {
		code = 1
	}
	return append(b, '\n'), code
}

// encodeMasked masks out and adds revealed after masking. Normalising first
// makes every string valid UTF-8 exactly as the encoder prints it, so a
// secret cannot slip past the masker in a form that only the encoder turns
// into the secret.
func encodeMasked(out, revealed map[string]any, secrets []string) ([]byte, error) {
	norm, err := normalize(out)
	if err != nil {
		return nil, err
	}
	masked := newMasker(secrets).value(norm).(map[string]any)
	for k, v := range revealed {
		masked[k] = v
	}
	return marshal(masked)
}

func (r *response) diffValue(show bool) any {
	if !show || r.diff == nil {
		return nil
	}
	d, err := normalize(r.diff)
	if err != nil {
		r.fail("internal error: cannot encode Result.Diff: " + err.Error())
		return nil
	}
	return d
}

// base holds the keys the runtime owns. "changed" and "invocation" are
// always present; "msg" whenever there is one, and always on failure.
func (r *response) base(env *Env, trace, envWarnings []string) map[string]any {
	args := r.invocation
	if args == nil {
		args = map[string]any{}
	}
	out := map[string]any{
		"changed":    r.changed,
		"invocation": map[string]any{"module_args": args},
	}
	if r.failed {
		out["failed"] = true
	}
	if r.skipped {
		out["skipped"] = true
	}
	if r.msg != "" || r.failed {
		out["msg"] = r.msg
	}
	warnings := append(append(append([]string(nil), r.validationWarnings...), envWarnings...), r.resultWarnings...)
	if len(warnings) > 0 {
		out["warnings"] = warnings
	}
	if env.Verbosity >= 3 && len(trace) > 0 {
		out["trace"] = trace
	}
	if env.Verbosity >= 3 && r.exception != "" {
		out["exception"] = r.exception
	}
	return out
}
