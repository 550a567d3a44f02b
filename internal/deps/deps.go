package deps

import (
	_ "github.com/go-resty/resty/v2"
	_ "github.com/hashicorp/go-retryablehttp"
	_ "github.com/letsencrypt/pebble/v2/ca"
	_ "github.com/letsencrypt/pebble/v2/db"
	_ "github.com/letsencrypt/pebble/v2/va"
	_ "github.com/letsencrypt/pebble/v2/wfe"
	_ "github.com/stretchr/testify/require"
	_ "golang.org/x/net/idna"
	_ "gopkg.in/yaml.v3"
)
