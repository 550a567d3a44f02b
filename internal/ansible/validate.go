package ansible

import (
	"fmt"
	"slices"
	"strings"
)

// validation is one run of argument validation over all spec levels. It
// follows ArgumentSpecValidator.validate and _validate_sub_spec of
// ansible-core 2.14 step by step, so the first error reported is the one
// Ansible would report. Errors are collected rather than returned early:
// later steps still gather secrets, which must be masked even in a failure.
type validation struct {
	sys         system
	errs        []string
	warnings    []string
	secrets     []string
	unsupported []unsupportedParam
}

// unsupportedParam is an unknown key, with the options that were legal
// where it appeared.
type unsupportedParam struct {
	name      string // dotted path, e.g. "certs.colour"
	supported string // "a, b, c (alias1, alias2)"
}

// validateParams validates and normalises params in place: aliases are
// resolved, fallbacks and defaults applied, values coerced, and every option
// of every validated level is present (nil when unset). The unsupported
// parameters error comes last, as in Ansible, so it is reported only when
// nothing else is wrong.
func validateParams(spec Spec, params map[string]any, moduleName string, sys system) *validation {
	v := &validation{sys: sys}
	v.level(spec.level(), params, nil, "")
	if len(v.unsupported) > 0 {
		v.errs = append(v.errs, v.unsupportedMsg(moduleName))
	}
	return v
}

// level runs the checks of one level. ctx names the parent options (for
// " found in a -> b"), prefix is the dotted path with list indexes (for
// warnings).
func (v *validation) level(l level, params map[string]any, ctx []string, prefix string) {
	dropNulls(l, params)
	v.findUnsupported(l, params, ctx)
	v.resolveAliases(l, params, ctx, prefix)
	v.applyFallbacks(l, params)
	v.collectNoLog(l, params)
	v.check(checkMutuallyExclusive(l.mutuallyExclusive, params), ctx)
	v.applyDefaults(l, params)
	v.check(checkRequired(l, params), ctx)
	v.coerceAll(l, params, ctx)
	v.checkChoices(l, params, ctx)
	v.check(checkRequiredTogether(l.requiredTogether, params), ctx)
	v.check(checkRequiredOneOf(l.requiredOneOf, params), ctx)
	v.check(checkRequiredIf(l.requiredIf, params), ctx)
	for name := range l.options {
		if _, ok := params[name]; !ok {
			params[name] = nil
		}
	}
	v.subSpecs(l, params, ctx, prefix)
}

// dropNulls makes an explicit null for a known option mean "not given", so
// required, fallbacks and defaults treat it like an absent key. Unknown keys
// stay, to be reported.
func dropNulls(l level, params map[string]any) {
	for key, val := range params {
		if _, _, known := l.lookup(key); known && val == nil {
			delete(params, key)
		}
	}
}

func (v *validation) check(msg string, ctx []string) {
	if msg != "" {
		v.errs = append(v.errs, msg+foundIn(ctx))
	}
}

// foundIn is the suffix Ansible adds to errors about sub-options.
func foundIn(ctx []string) string {
	if len(ctx) == 0 {
		return ""
	}
	return " found in " + strings.Join(ctx, " -> ")
}

func (v *validation) findUnsupported(l level, params map[string]any, ctx []string) {
	for _, key := range sortedKeys(params) {
		if _, _, known := l.lookup(key); !known {
			path := strings.Join(append(slices.Clone(ctx), key), ".")
			v.unsupported = append(v.unsupported, unsupportedParam{path, supportedList(l)})
		}
	}
}

// supportedList lists options then, in one pair of parentheses, all
// aliases: "content, name, path (dest, domain)", as ansible-core 2.14 does.
func supportedList(l level) string {
	s := strings.Join(l.names(), ", ")
	aliases := sortedKeys(l.aliases())
	if len(aliases) > 0 {
		s += " (" + strings.Join(aliases, ", ") + ")"
	}
	return s
}

// unsupportedMsg reports every unknown key. When they sit at different
// levels, the supported list is that of the first one in sorted order
// (Ansible picks an arbitrary one).
func (v *validation) unsupportedMsg(moduleName string) string {
	slices.SortFunc(v.unsupported, func(a, b unsupportedParam) int { return strings.Compare(a.name, b.name) })
	names := make([]string, len(v.unsupported))
	for i, u := range v.unsupported {
		names[i] = u.name
	}
	return fmt.Sprintf("Unsupported parameters for (%s) module: %s. Supported parameters include: %s.",
		moduleName, strings.Join(names, ", "), v.unsupported[0].supported)
}

// resolveAliases moves alias keys to their option. Ansible silently lets
// the alias win when both are set; a Go module cannot tell which one the
// user meant, so different values are an error and equal ones a warning.
func (v *validation) resolveAliases(l level, params map[string]any, ctx []string, prefix string) {
	for _, name := range l.names() {
		source := name // the key the current value came from
		for _, alias := range l.options[name].Aliases {
			val, ok := params[alias]
			if !ok {
				continue
			}
			delete(params, alias)
			cur, set := params[name]
			switch {
			case !set:
				params[name], source = val, alias
			case sameValue(cur, val):
				v.warnings = append(v.warnings,
					fmt.Sprintf("Both option %s%s and its alias %s%s are set.", prefix, source, prefix, alias))
			case source == name:
				v.check(fmt.Sprintf("both option %s and its alias %s are set, to different values", name, alias), ctx)
			default:
				v.check(fmt.Sprintf("both aliases %s and %s of option %s are set, to different values", source, alias, name), ctx)
			}
		}
	}
}

// applyFallbacks reads the environment for options that were not given.
// The first variable that is set wins, even when empty (env_fallback).
func (v *validation) applyFallbacks(l level, params map[string]any) {
	for _, name := range l.names() {
		if _, ok := params[name]; ok {
			continue
		}
		for _, env := range l.options[name].EnvFallback {
			if val, ok := v.sys.lookupEnv(env); ok {
				params[name] = val
				break
			}
		}
	}
}

// collectNoLog gathers the values of no_log options as given (before
// coercion); coerceAll adds the coerced forms too.
func (v *validation) collectNoLog(l level, params map[string]any) {
	for name, opt := range l.options {
		if val, ok := params[name]; ok && opt.NoLog {
			v.secrets = append(v.secrets, secretStrings(val)...)
		}
	}
}

// applyDefaults fills options that are still unset. It runs after the
// fallbacks (a variable beats a default) and after mutually_exclusive (a
// default never conflicts), before the other constraints (a default counts
// as given for required_if, as in Ansible).
func (v *validation) applyDefaults(l level, params map[string]any) {
	for _, name := range l.names() {
		opt := l.options[name]
		if _, ok := params[name]; ok || opt.Default == nil {
			continue
		}
		d, err := normalize(opt.Default)
		if err != nil {
			v.errs = append(v.errs, fmt.Sprintf("internal error: default of %s: %v", name, err))
			continue
		}
		params[name] = d
		if opt.NoLog {
			v.secrets = append(v.secrets, secretStrings(d)...)
		}
	}
}

func (v *validation) subSpecs(l level, params map[string]any, ctx []string, prefix string) {
	for _, name := range l.names() {
		opt := l.options[name]
		val := params[name]
		if !opt.hasSubSpec() || val == nil {
			continue
		}
		elems, isList := val.([]any)
		if !isList {
			elems = []any{val}
		}
		sub := append(slices.Clone(ctx), name)
		for i, e := range elems {
			m, ok := e.(map[string]any)
			if !ok {
				v.errs = append(v.errs, fmt.Sprintf("value of '%s' must be of type dict or list of dicts", name))
				continue
			}
			p := prefix + name
			if opt.kind() == TypeList {
				p += fmt.Sprintf("[%d]", i)
			}
			v.level(opt.level(), m, sub, p+".")
		}
	}
}

// secretStrings lists the strings to mask for a no_log value: strings and
// numbers, and recursively the items of lists and the values of dicts
// (Ansible's _return_datastructure_name). Bools and nulls reveal nothing.
func secretStrings(v any) []string {
	switch x := v.(type) {
	case nil, bool:
		return nil
	case string:
		return []string{x}
	case []any:
		var out []string
		for _, e := range x {
			out = append(out, secretStrings(e)...)
		}
		return out
	case map[string]any:
		var out []string
		for _, k := range sortedKeys(x) {
			out = append(out, secretStrings(x[k])...)
		}
		return out
	}
	return []string{pyStr(v)}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
