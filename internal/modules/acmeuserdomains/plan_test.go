package acmeuserdomains

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	cur := []string{"*.b.example", "a.example", "c.example"}
	tests := []struct {
		desc      string
		w         want
		cur       []string
		want      Plan
		wantAfter []string
	}{
		{desc: "add the missing", w: want{Present: true, Names: []string{"a.example", "d.example"}}, cur: cur,
			want:      Plan{Add: []string{"d.example"}, Remove: []string{}},
			wantAfter: []string{"*.b.example", "a.example", "c.example", "d.example"}},
		{desc: "already there", w: want{Present: true, Names: []string{"a.example", "*.b.example"}}, cur: cur,
			want: Plan{Add: []string{}, Remove: []string{}}, wantAfter: cur},
		{desc: "a wildcard is a name of its own", w: want{Present: true, Names: []string{"*.a.example", "b.example"}}, cur: cur,
			want:      Plan{Add: []string{"*.a.example", "b.example"}, Remove: []string{}},
			wantAfter: []string{"*.a.example", "*.b.example", "a.example", "b.example", "c.example"}},
		{desc: "exclusive removes the rest", w: want{Present: true, Exclusive: true, Names: []string{"a.example", "e.example"}}, cur: cur,
			want:      Plan{Add: []string{"e.example"}, Remove: []string{"*.b.example", "c.example"}},
			wantAfter: []string{"a.example", "e.example"}},
		{desc: "exclusive, empty list empties the account", w: want{Present: true, Exclusive: true, Names: []string{}}, cur: cur,
			want: Plan{Add: []string{}, Remove: cur}, wantAfter: []string{}},
		{desc: "absent removes the listed ones there", w: want{Names: []string{"a.example", "z.example"}}, cur: cur,
			want: Plan{Add: []string{}, Remove: []string{"a.example"}}, wantAfter: []string{"*.b.example", "c.example"}},
		{desc: "absent, none there", w: want{Names: []string{"z.example"}}, cur: cur,
			want: Plan{Add: []string{}, Remove: []string{}}, wantAfter: cur},
		{desc: "empty account", w: want{Present: true, Names: []string{"a.example"}}, cur: []string{},
			want: Plan{Add: []string{"a.example"}, Remove: []string{}}, wantAfter: []string{"a.example"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			got := plan(tc.w, tc.cur)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantAfter, predicted(tc.cur, got))
			assert.Equal(t, len(tc.want.Add)+len(tc.want.Remove) == 0, got.empty())
		})
	}
}
