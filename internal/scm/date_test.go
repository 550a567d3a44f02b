package scm

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDateOf(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		desc, in   string
		want       time.Time
		unreadable bool
	}{
		{desc: "ssl US date", in: "05/21/2026", want: time.Date(2026, 5, 21, 0, 0, 0, 0, time.UTC)},
		{desc: "dcv ISO date", in: "2026-03-02", want: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{desc: "acme timestamp", in: "2026-05-20T10:00:00.000Z", want: time.Date(2026, 5, 20, 10, 0, 0, 0, time.UTC)},
		{desc: "dcv log time", in: "2025-05-20 10:15:00", want: time.Date(2025, 5, 20, 10, 15, 0, 0, time.UTC)},
		{desc: "padding", in: " 2026-03-02\n", want: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)},
		{desc: "empty", in: ""},
		{desc: "european", in: "21.05.2026", unreadable: true},
		{desc: "month out of range", in: "13/01/2026", unreadable: true},
	} {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			d := DateOf(tc.in)
			assert.True(t, tc.want.Equal(d.Time), "got %s", d.Time)
			assert.Equal(t, tc.unreadable, d.Unreadable())
			assert.Equal(t, tc.in != "", d.IsSet())
		})
	}
}

// A date in no known layout does not fail the response: it arrives unread, with SCM's text.
func TestDate_decode(t *testing.T) {
	t.Parallel()
	var got struct {
		Good, Odd, Empty, Null, Absent, Number Date
	}
	body := `{"good":"2026-03-02","odd":"21.05.2026","empty":"","null":null,"number":20260302}`
	require.NoError(t, decodeJSON([]byte(body), &got))
	assert.Equal(t, Date{Time: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC), Raw: "2026-03-02"}, got.Good)
	assert.Equal(t, Date{Raw: "21.05.2026"}, got.Odd)
	assert.True(t, got.Odd.Unreadable())
	for _, unset := range []Date{got.Empty, got.Null, got.Absent} {
		assert.Equal(t, Date{}, unset)
		assert.False(t, unset.IsSet())
	}
	assert.Equal(t, Date{Raw: "20260302"}, got.Number, "a number is kept as its text, like a string field's")
	require.Error(t, decodeJSON([]byte(`{"good":["2026-03-02"]}`), &got), "a list is no date")
}
