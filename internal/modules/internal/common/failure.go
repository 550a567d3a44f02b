package common

import (
	"errors"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/scm"
)

// FailureFields lets a failed task carry SCM's answer as fields a playbook can test (http_status,
// scm_code, scm_description, method, path) besides the message. When err wraps an *scm.APIError it
// returns err wrapped once more, with the fields of the first APIError in the chain; otherwise err
// itself. The text and the chain (errors.Is/As) stay those of err. The client only describes its
// errors; choosing the names a task result uses is the modules' business, so it is done here.
func FailureFields(err error) error {
	var apiErr *scm.APIError
	if !errors.As(err, &apiErr) {
		return err
	}
	return &apiFailure{error: err, api: apiErr}
}

// apiFailure is an error whose chain holds an SCM API error.
type apiFailure struct {
	error
	api *scm.APIError
}

var _ ansible.Details = (*apiFailure)(nil)

func (f *apiFailure) Unwrap() error { return f.error }

// AnsibleDetails gives the fields the module runtime adds to the failed result.
func (f *apiFailure) AnsibleDetails() map[string]any {
	return map[string]any{
		"http_status":     f.api.StatusCode,
		"scm_code":        f.api.Code,
		"scm_description": f.api.Description,
		"method":          f.api.Method,
		"path":            f.api.Path,
	}
}
