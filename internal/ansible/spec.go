package ansible

import (
	"fmt"
	"slices"
)

// Type is an Ansible argument_spec type name.
type Type string

// The option types AnsibleModule knows and this runtime implements.
const (
	TypeStr   Type = "str"
	TypeInt   Type = "int"
	TypeFloat Type = "float"
	TypeBool  Type = "bool"
	TypeList  Type = "list"
	TypeDict  Type = "dict"
	TypePath  Type = "path"
	TypeRaw   Type = "raw"
)

// Option is one parameter, with Ansible argument_spec semantics.
//
// An empty Type means TypeStr, as in Ansible. Default and Choices hold plain
// Go values (string, int, bool, []string, map[string]any, ...); they are
// normalised through JSON and coerced to Type, so Default: 30 works for an
// int option and Default: []string{"a"} for a list.
type Option struct {
	Type Type
	// Elements is the element type of a list ("" leaves elements raw).
	Elements Type
	// Options are sub-options, for a dict or for a list whose Elements is
	// TypeDict. Each dict is validated recursively with the same rules.
	Options  map[string]Option
	Required bool
	Default  any
	Choices  []any
	Aliases  []string
	// NoLog marks the value as secret: it is masked in all output.
	NoLog bool
	// EnvFallback names environment variables read when the option is not
	// given; the first one that is set wins (Ansible's env_fallback).
	EnvFallback []string

	// Constraints among the sub-options; same meaning as Spec's.
	MutuallyExclusive, RequiredTogether, RequiredOneOf [][]string
	RequiredIf                                         []RequiredIf
}

// RequiredIf says: when option Key equals Value, the options in
// Requirements must be given (all of them, or at least one when AnyOf).
type RequiredIf struct {
	Key          string
	Value        any
	Requirements []string
	AnyOf        bool
}

// Spec is a module's argument spec: its options and the constraints among
// them.
type Spec struct {
	Options                                            map[string]Option
	MutuallyExclusive, RequiredTogether, RequiredOneOf [][]string
	RequiredIf                                         []RequiredIf
}

// Merge returns a Spec with the options and constraints of both s and other.
// It is how the shared connection options are added to every module. It
// panics when a name or alias is defined in both: that is a programming
// error that must not wait for a user to trip over it.
func (s Spec) Merge(other Spec) Spec {
	merged := Spec{Options: make(map[string]Option, len(s.Options)+len(other.Options))}
	taken := map[string]bool{}
	for _, src := range []Spec{s, other} {
		for name, opt := range src.Options {
			for _, n := range append([]string{name}, opt.Aliases...) {
				if taken[n] {
					panic(fmt.Sprintf("ansible: Spec.Merge: option name or alias %q defined twice", n))
				}
				taken[n] = true
			}
			merged.Options[name] = opt
		}
		merged.MutuallyExclusive = append(merged.MutuallyExclusive, src.MutuallyExclusive...)
		merged.RequiredTogether = append(merged.RequiredTogether, src.RequiredTogether...)
		merged.RequiredOneOf = append(merged.RequiredOneOf, src.RequiredOneOf...)
		merged.RequiredIf = append(merged.RequiredIf, src.RequiredIf...)
	}
	return merged
}

// level is one layer of a spec: the top level, or the sub-options of a dict
// option. Validation runs the same steps on every level.
type level struct {
	options                                            map[string]Option
	mutuallyExclusive, requiredTogether, requiredOneOf [][]string
	requiredIf                                         []RequiredIf
}

func (s Spec) level() level {
	return level{s.Options, s.MutuallyExclusive, s.RequiredTogether, s.RequiredOneOf, s.RequiredIf}
}

func (o Option) level() level {
	return level{o.Options, o.MutuallyExclusive, o.RequiredTogether, o.RequiredOneOf, o.RequiredIf}
}

// hasSubSpec reports whether the option's value is validated recursively.
func (o Option) hasSubSpec() bool {
	return o.Options != nil && (o.kind() == TypeDict || (o.kind() == TypeList && o.Elements == TypeDict))
}

// kind is the effective type: Ansible treats a missing type as str.
func (o Option) kind() Type {
	if o.Type == "" {
		return TypeStr
	}
	return o.Type
}

// names returns the option names sorted, so every check and every message
// is deterministic (Go maps have no order, Python dicts do).
func (l level) names() []string {
	names := make([]string, 0, len(l.options))
	for n := range l.options {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// aliases maps every alias to its option name.
func (l level) aliases() map[string]string {
	m := map[string]string{}
	for name, opt := range l.options {
		for _, a := range opt.Aliases {
			m[a] = name
		}
	}
	return m
}

// lookup finds an option by name or alias.
func (l level) lookup(key string) (string, Option, bool) {
	if opt, ok := l.options[key]; ok {
		return key, opt, true
	}
	if name, ok := l.aliases()[key]; ok {
		return name, l.options[name], true
	}
	return "", Option{}, false
}
