package doccheck

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scmkit/sectigo/internal/ansible"
)

func TestCompare(t *testing.T) {
	t.Parallel()
	spec := map[string]ansible.Option{
		"name":  {Type: ansible.TypeStr, Required: true, Aliases: []string{"domain"}},
		"count": {Type: ansible.TypeInt, Default: 3},
		"state": {Type: ansible.TypeStr, Default: "present", Choices: []any{"present", "absent"}},
		"items": {Type: ansible.TypeList, Elements: ansible.TypeDict, Options: map[string]ansible.Option{
			"x": {Type: ansible.TypeBool, Default: false},
		}},
	}
	tests := []struct {
		desc string
		doc  map[string]DocOption
		want []string
	}{
		{desc: "in step", doc: map[string]DocOption{
			"name":  {Description: "d", Type: "str", Required: true, Aliases: []string{"domain"}},
			"count": {Description: "d", Type: "int", Default: 3},
			"state": {Description: "d", Default: "present", Choices: []any{"present", "absent"}},
			"items": {Description: "d", Type: "list", Elements: "dict", Suboptions: map[string]DocOption{"x": {Description: "d", Type: "bool", Default: false}}},
		}},
		{desc: "drifted", doc: map[string]DocOption{
			"name":  {Description: "d", Type: "str"},
			"count": {Description: "d", Type: "str", Default: 4},
			"state": {Description: []any{"d", map[string]any{"What to do with the domain": nil}}, Default: "present", Choices: []any{"present"}},
			"extra": {Description: "d", Type: "str"},
			"items": {Description: "d", Type: "list", Elements: "dict", Suboptions: map[string]DocOption{"x": {Description: "d", Type: "bool", Default: true}}},
		}, want: []string{
			"count: type documented as str, spec says int",
			"count: default documented as 4, spec says 3",
			"extra: documented but not in the Go spec",
			"items.x: default documented as true, spec says false",
			"name: required documented as false, spec says true",
			"name: aliases documented as [], spec says [domain]",
			"state: choices documented as [present], spec says [present absent]",
			"state: description item 1 is a map[string]interface {}, not a string (a line ending in a colon?)",
		}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			assert.Equal(t, tc.want, Compare(tc.doc, spec))
		})
	}
}
