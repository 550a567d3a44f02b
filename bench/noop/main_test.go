package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/scmkit/sectigo/internal/scm"
)

// The floor must validate the same options with the same defaults as the modules. The binary does not
// import the client (that would put its start-up cost into the floor), so this test keeps them equal.
func TestConnectionDefaultsMatchTheModules(t *testing.T) {
	assert.Equal(t, scm.DefaultMaxParallel, spec.Options["scm_max_parallel"].Default)
}
