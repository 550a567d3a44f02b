// Package collectionmeta holds tests only: they keep the metadata that Galaxy, Automation Hub and
// ansible-builder read (galaxy.yml, meta/, the example execution environment, module authors and licence
// headers) consistent with itself, since ansible-test's validate-modules and ansible-builder cannot run
// where the collection is developed.
package collectionmeta
