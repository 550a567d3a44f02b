package caa

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRecordString(t *testing.T) {
	t.Parallel()
	assert.Equal(t, `0 issue "sectigo.com"`, Record{Tag: "issue", Value: "sectigo.com"}.String())
	assert.Equal(t, `128 tbs "a\"b\\c\010\255"`, Record{Flags: 128, Tag: "tbs", Value: "a\"b\\c\n\xff"}.String(),
		"quotes, backslashes and unprintable bytes are escaped as in a zone file")
	assert.Equal(t, `0 issue ""`, Record{Tag: "issue"}.String())
}

func TestRecordFlagsAndTags(t *testing.T) {
	t.Parallel()
	assert.True(t, Record{Tag: "ISSUE"}.hasTag(tagIssue), "tags match case-insensitively")
	assert.False(t, Record{Tag: "issuewild"}.hasTag(tagIssue))

	assert.True(t, Record{Flags: 128, Tag: "tbs"}.unknownCritical())
	assert.True(t, Record{Flags: 255, Tag: "tbs"}.unknownCritical())
	assert.False(t, Record{Flags: 1, Tag: "tbs"}.unknownCritical(), "only bit 0 (value 128) is the critical flag")
	assert.False(t, Record{Flags: 0, Tag: "tbs"}.unknownCritical(), "an unknown tag without the flag is ignored")
	for _, tag := range []string{"issue", "IssueWild", "iodef", "issuemail", "issuevmc", "contactemail", "contactphone"} {
		assert.False(t, Record{Flags: 128, Tag: tag}.unknownCritical(), "critical %s is understood", tag)
	}
}
