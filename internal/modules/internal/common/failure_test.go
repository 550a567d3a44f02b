package common

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

func TestFailureFields(t *testing.T) {
	t.Parallel()
	apiErr := &scm.APIError{StatusCode: 400, Code: -36, Description: "Invalid term", Method: "POST", Path: "/ssl/v1/enroll"}
	err := fmt.Errorf("enroll certificate: %w", apiErr)

	got := FailureFields(err)
	require.EqualError(t, got, err.Error())
	var details ansible.Details
	require.ErrorAs(t, got, &details)
	assert.Equal(t, map[string]any{"http_status": 400, "scm_code": -36, "scm_description": "Invalid term",
		"method": "POST", "path": "/ssl/v1/enroll"}, details.AnsibleDetails())
	var back *scm.APIError
	require.ErrorAs(t, got, &back, "the chain is kept")
	assert.Same(t, apiErr, back)
}

func TestFailureFields_otherErrorsUnchanged(t *testing.T) {
	t.Parallel()
	plain := errors.New("no SCM answer")
	assert.Same(t, plain, FailureFields(plain))
	assert.NoError(t, FailureFields(nil))
}
