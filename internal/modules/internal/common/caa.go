package common

import (
	"context"
	"errors"
	"fmt"

	"github.com/scmkit/sectigo/internal/ansible"
	"github.com/scmkit/sectigo/internal/caa"
)

// CAA check modes (caa_check).
const (
	CAAEnforce = "enforce" // a record set that does not authorise Sectigo fails the task
	CAAWarn    = "warn"    // ... adds a warning instead (split-horizon DNS, where this host sees other records)
	CAAOff     = "off"     // no lookup at all
)

// caaIssuer is the issuer domain Sectigo's certificate policy names for CAA.
const caaIssuer = "sectigo.com"

// CAAOptions are the CAA pre-check options of the modules that start a validation or place an order
// (scm_dcv, scm_cert). Their Params embed it.
type CAAOptions struct {
	CAACheck    string `json:"caa_check"`
	CAAResolver string `json:"caa_resolver"`
}

// CAASpec is the spec of the CAA options (documented once, in the scmkit.sectigo.caa doc fragment).
func CAASpec() ansible.Spec {
	return ansible.Spec{Options: map[string]ansible.Option{
		"caa_check": {Type: ansible.TypeStr, Default: CAAEnforce, Choices: []any{CAAEnforce, CAAWarn, CAAOff},
			EnvFallback: []string{"SCM_CAA_CHECK"}},
		"caa_resolver": {Type: ansible.TypeStr, EnvFallback: []string{"SCM_CAA_RESOLVER"}},
	}}
}

// CheckCAA looks up CAA for every name (walking up the tree, RFC 8659) before SCM is asked to validate
// or issue, because a CAA record set that does not name Sectigo makes issuance fail only after all the
// DCV work. It reads DNS only, so it runs in check mode too. A failed lookup is an error in enforce
// mode: an unknown answer is never taken as permission.
func (o CAAOptions) CheckCAA(ctx context.Context, env *ansible.Env, names []string) error {
	if o.CAACheck == CAAOff || len(names) == 0 {
		return nil
	}
	findings, err := caa.Check(ctx, caa.NewResolver(o.CAAResolver), names, caaIssuer)
	if err == nil {
		err = caa.Denied(findings)
	}
	if err == nil {
		return nil
	}
	if o.CAACheck == CAAWarn {
		env.Warn(fmt.Sprintf("caa_check=warn: %v", err))
		return nil
	}
	var denied *caa.DeniedError
	if errors.As(err, &denied) {
		return fmt.Errorf("%w; if this host sees other DNS than the CA (split-horizon DNS), set caa_check=warn "+
			"or caa_resolver to a resolver that sees the public records", err)
	}
	return fmt.Errorf("%w; set caa_resolver to a recursive resolver, or caa_check=warn or off", err)
}
