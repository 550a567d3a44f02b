package ansible

import (
	"os"
	"os/user"
	"regexp"
	"strings"
)

// system is everything the runtime reads from the process around it:
// environment variables, home directories and the temp dir. Execute uses the
// real one; tests pass a fake so they can run in parallel without
// t.Setenv.
type system struct {
	lookupEnv func(name string) (string, bool)
	// homeDir returns the home of the named user, or of the current user
	// when name is "".
	homeDir func(name string) (string, bool)
	tempDir func() string
}

func osSystem() system {
	return system{lookupEnv: os.LookupEnv, homeDir: osHomeDir, tempDir: os.TempDir}
}

func osHomeDir(name string) (string, bool) {
	if name == "" {
		if home, ok := os.LookupEnv("HOME"); ok {
			return home, true
		}
		u, err := user.Current()
		if err != nil {
			return "", false
		}
		return u.HomeDir, true
	}
	u, err := user.Lookup(name)
	if err != nil {
		return "", false
	}
	return u.HomeDir, true
}

// varRef is Python's posixpath._varprog: $name or ${name}, ASCII only.
var varRef = regexp.MustCompile(`\$([A-Za-z0-9_]+|\{[^}]*\})`)

// expandVars is os.path.expandvars: references to unset variables are left
// as they are (os.ExpandEnv would erase them).
func expandVars(s string, sys system) string {
	if !strings.Contains(s, "$") {
		return s
	}
	return varRef.ReplaceAllStringFunc(s, func(ref string) string {
		name := strings.TrimPrefix(ref, "$")
		if strings.HasPrefix(name, "{") {
			name = name[1 : len(name)-1]
		}
		if v, ok := sys.lookupEnv(name); ok {
			return v
		}
		return ref
	})
}

// expandUser is os.path.expanduser: "~" and "~/x" use the current user's
// home, "~name/x" that user's; an unknown user leaves the path unchanged.
func expandUser(s string, sys system) string {
	if !strings.HasPrefix(s, "~") {
		return s
	}
	i := strings.IndexByte(s, '/')
	if i < 0 {
		i = len(s)
	}
	home, ok := sys.homeDir(s[1:i])
	if !ok {
		return s
	}
	out := strings.TrimRight(home, "/") + s[i:]
	if out == "" {
		return "/"
	}
	return out
}
