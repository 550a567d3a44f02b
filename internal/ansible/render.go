package ansible

// render assembles, masks and encodes the one JSON object the module
// prints, and returns it (newline-terminated) with the exit code: 1 for a
// failure, 0 otherwise. Everything goes through the masker except Revealed,
// which is merged last on purpose.
func (r *response) render(env *Env, secrets []string, showDiff bool) ([]byte, int) {
	trace, envWarnings, envSecrets := env.snapshot()
	m := newMasker(append(secrets, envSecrets...))
	data, revealed := r.extras(m)
	diff := r.diffValue(showDiff)
	if diff != nil {
		data["diff"] = diff // a reserved key: extras has refused it in Data
	}
	b, err := encodeMasked(r.base(env, trace, envWarnings), data, revealed, m)
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

// encodeMasked masks the runtime's keys (base) and the module's (data, whose
// values are normalised already, or encoded where m cannot mask them), adds
// revealed after masking, and encodes.
// Normalising first makes every string valid UTF-8 exactly as the encoder
// prints it, so a secret cannot slip past the masker in a form that only the
// encoder turns into the secret. Data is not normalised a second time, and
// the masker copies only what it masks: a result of 20,000 objects is held
// once, not three times.
func encodeMasked(base, data, revealed map[string]any, m *masker) ([]byte, error) {
	norm, err := normalize(base)
	if err != nil {
		return nil, err
	}
	out := norm.(map[string]any)
	for k, v := range data {
		out[k] = v
	}
	masked := m.value(out).(map[string]any)
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
