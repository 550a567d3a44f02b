package acmeuser

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scmkit/sectigo/internal/modules/internal/acmeaccount"
	"github.com/scmkit/sectigo/internal/scm"
)

func TestPlan(t *testing.T) {
	t.Parallel()
	srv := scm.ACMEServer{Name: "OV", URL: "https://acme.example/v2/OV"}
	acct := &scm.ACMEAccount{ID: 7, Name: "web", MacID: "kid", MacKey: "-key"}
	content := renderEAB(7, srv.URL, "kid", "-key")
	current := fileState{Exists: true, Content: content, Mode: 0o600}
	present := want{Present: true}
	withFile := want{Present: true, EABFile: "/x/eab.ini"}
	absentWithFile := want{EABFile: "/x/eab.ini"}
	tests := []struct {
		desc        string
		w           want
		o           observed
		want        Plan
		wantActions []string
	}{
		{desc: "new account", w: present, o: observed{},
			want: Plan{Create: true}, wantActions: []string{"create ACME account web"}},
		{desc: "existing account", w: present, o: observed{Account: acct}, want: Plan{}, wantActions: []string{}},
		{desc: "new account with a file", w: withFile, o: observed{File: current},
			want:        Plan{Create: true, WriteFile: true},
			wantActions: []string{"create ACME account web", "write eab_file /x/eab.ini"}},
		{desc: "file current", w: withFile, o: observed{Account: acct, File: current},
			want: Plan{File: content}, wantActions: []string{}},
		{desc: "file missing", w: withFile, o: observed{Account: acct},
			want: Plan{WriteFile: true, File: content}, wantActions: []string{"write eab_file /x/eab.ini"}},
		{desc: "file content differs", w: withFile, o: observed{Account: acct, File: fileState{Exists: true, Content: []byte("old"), Mode: 0o600}},
			want: Plan{WriteFile: true, File: content}, wantActions: []string{"write eab_file /x/eab.ini"}},
		{desc: "file readable by others", w: withFile, o: observed{Account: acct, File: fileState{Exists: true, Content: content, Mode: 0o644}},
			want: Plan{WriteFile: true, File: content}, wantActions: []string{"write eab_file /x/eab.ini"}},
		{desc: "absent: delete", w: want{}, o: observed{Account: acct},
			want: Plan{Delete: true}, wantActions: []string{"delete ACME account 7"}},
		{desc: "absent already", w: want{}, o: observed{}, want: Plan{}, wantActions: []string{}},
		{desc: "absent with file", w: absentWithFile, o: observed{Account: acct, File: current},
			want:        Plan{Delete: true, RemoveFile: true},
			wantActions: []string{"delete ACME account 7", "remove eab_file /x/eab.ini"}},
		{desc: "absent account, stale file", w: absentWithFile, o: observed{File: current},
			want: Plan{RemoveFile: true}, wantActions: []string{"remove eab_file /x/eab.ini"}},
	}
	for _, tc := range tests {
		t.Run(tc.desc, func(t *testing.T) {
			t.Parallel()
			tc.o.Server = srv
			tc.o.Key = acmeaccount.Key{Name: "web", Server: "OV", OrgID: 1}
			got := plan(tc.w, tc.o)
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.wantActions, got.actions(tc.w, tc.o))
			assert.Equal(t, len(tc.wantActions) == 0, got.empty())
		})
	}
}
