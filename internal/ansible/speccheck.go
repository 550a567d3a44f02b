package ansible

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Check reports programming errors in the spec: unknown types, elements or
// sub-options on the wrong type, a required option with a default, clashing
// names and aliases, constraints naming unknown options, and defaults or
// choices that do not fit their type. Execute runs it before looking at the
// user's arguments, so a broken spec fails every run loudly instead of
// half-working; module tests should call it too.
func (s Spec) Check() error {
	return checkLevel(s.level(), nil)
}

// noSystem is the empty environment used when checking defaults: a spec is
// either valid or not, whatever the environment holds.
var noSystem = system{
	lookupEnv: func(string) (string, bool) { return "", false },
	homeDir:   func(string) (string, bool) { return "", false },
	tempDir:   func() string { return "" },
}

func checkLevel(l level, ctx []string) error {
	owner := map[string]string{}
	for _, name := range l.names() {
		if name == "" || strings.HasPrefix(name, "_ansible_") {
			return fmt.Errorf("invalid option name %q%s", name, foundIn(ctx))
		}
		owner[name] = name
	}
	for _, name := range l.names() {
		opt := l.options[name]
		path := strings.Join(append(slices.Clone(ctx), name), " -> ")
		for _, a := range opt.Aliases {
			if other, taken := owner[a]; taken {
				return fmt.Errorf("alias %q of option %s is already used by %s", a, path, other)
			}
			owner[a] = name
		}
		if err := checkOption(opt, path); err != nil {
			return err
		}
		if opt.Options != nil {
			if err := checkLevel(opt.level(), append(slices.Clone(ctx), name)); err != nil {
				return err
			}
		}
	}
	return checkConstraintNames(l, ctx)
}

func checkOption(opt Option, path string) error {
	if !knownType(opt.Type) || !knownType(opt.Elements) {
		return fmt.Errorf("option %s: unknown type %q or elements %q", path, opt.Type, opt.Elements)
	}
	if opt.Elements != "" && opt.kind() != TypeList {
		return fmt.Errorf("option %s: elements is only valid with type list", path)
	}
	if opt.Options != nil && !opt.hasSubSpec() {
		return fmt.Errorf("option %s: options need type dict, or type list with elements dict", path)
	}
	if opt.Required && opt.Default != nil {
		return fmt.Errorf("required and default are mutually exclusive for %s", path)
	}
	for _, c := range opt.Choices {
		if _, err := normalize(c); err != nil {
			return fmt.Errorf("option %s: choice %v: %w", path, c, err)
		}
	}
	if opt.Default == nil {
		return nil
	}
	if err := checkDefault(opt); err != nil {
		return fmt.Errorf("option %s: default %v: %w", path, opt.Default, err)
	}
	return nil
}

func knownType(t Type) bool {
	switch t {
	case "", TypeStr, TypeInt, TypeFloat, TypeBool, TypeList, TypeDict, TypePath, TypeRaw:
		return true
	}
	return false
}

// checkDefault coerces the default the way a user's value would be, so a
// default of "30" for an int is fine and "soon" is caught here.
func checkDefault(opt Option) error {
	d, err := normalize(opt.Default)
	if err != nil {
		return err
	}
	c, err := coerce(opt.kind(), d, noSystem)
	if err != nil {
		return err
	}
	items, isList := c.([]any)
	if isList && opt.Elements != "" {
		for _, item := range items {
			if _, err := coerce(opt.Elements, item, noSystem); err != nil {
				return err
			}
		}
	}
	if len(opt.Choices) == 0 {
		return nil
	}
	if !isList {
		items = []any{unYAMLBool(c, opt.Choices)}
	}
	for _, item := range items {
		if !inChoices(item, opt.Choices) {
			return errors.New("not one of the choices")
		}
	}
	return nil
}

func checkConstraintNames(l level, ctx []string) error {
	var names []string
	for _, groups := range [][][]string{l.mutuallyExclusive, l.requiredTogether, l.requiredOneOf} {
		for _, g := range groups {
			names = append(names, g...)
		}
	}
	for _, r := range l.requiredIf {
		names = append(names, r.Key)
		names = append(names, r.Requirements...)
	}
	for _, n := range names {
		if _, ok := l.options[n]; !ok {
			return fmt.Errorf("a constraint names unknown option %q%s", n, foundIn(ctx))
		}
	}
	return nil
}
