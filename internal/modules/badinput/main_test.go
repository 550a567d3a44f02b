package badinput

import (
	"os"
	"testing"
)

// TestMain turns the CAA pre-check off for every test of the package, because their names are not in
// any DNS this test controls; the CAA tests set caa_check and caa_resolver (a caatest server) in their
// tasks, which win over the environment.
func TestMain(m *testing.M) {
	os.Setenv("SCM_CAA_CHECK", "off")
	os.Exit(m.Run())
}
