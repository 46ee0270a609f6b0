package rules

import (
	"strings"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/lint/syntax"
)

// DL3064 reports ARG and ENV names that suggest a secret.
var DL3064 = &lint.Rule{
	Code:     "DL3064",
	Name:     "secrets-in-arg-or-env",
	Aliases:  []string{"SecretsUsedInArgOrEnv"},
	Title:    "Do not pass secrets through ARG or ENV",
	Severity: lint.Warning,
	Fix:      lint.NoFix,
	Check:    checkSecretNames,
}

// The words BuildKit's SecretsUsedInArgOrEnv looks for, as a whole
// underscore-separated part of the name, and the words that excuse it.
// berth adds words naming public key material and places (GPG_KEY,
// SWIFT_SIGNING_KEY, KEY_DIR...), which BuildKit reports.
var (
	secretWords = map[string]bool{
		"apikey": true, "auth": true, "credential": true, "credentials": true, "key": true,
		"password": true, "pword": true, "passwd": true, "secret": true, "token": true,
	}
	secretAllowWords = map[string]bool{
		// BuildKit's
		"public": true, "file": true, "version": true,
		// berth's
		"gpg": true, "pgp": true, "gnupg": true, "signing": true, "fingerprint": true,
		"keyring": true, "keyserver": true, "sha256": true, "sha512": true, "checksum": true,
		"path": true, "dir": true,
	}
)

// secretName reports whether an ARG or ENV name suggests a secret.
func secretName(name string) bool {
	deny, prev := false, ""
	for part := range strings.SplitSeq(name, "_") {
		part = strings.ToLower(part)
		if secretAllowWords[part] || part == "key" && prev == "release" {
			// RELEASE_KEY: the key that signs a project's releases.
			return false
		}
		deny = deny || secretWords[part]
		prev = part
	}
	return deny
}

func checkSecretNames(p *lint.Pass) {
	esc := p.Doc.File.Escape
	for _, st := range p.Doc.Stages {
		for _, ins := range st.Instructions {
			if ins.Cmd == "onbuild" && ins.Sub != nil {
				ins = ins.Sub
			}
			var where string
			switch ins.Cmd {
			case "arg":
				where = "ARG values are recorded in the image history"
			case "env":
				where = "ENV values are stored in the image for anyone who pulls it"
			default:
				continue
			}
			for _, kv := range ins.Pairs {
				key, ok := syntax.Literal(kv.Key.Value, esc)
				if !ok || !secretName(key) {
					continue
				}
				p.Reportf(kv.Key.Range, "%s %q looks like a secret, and %s: use a build secret (RUN --mount=type=secret) instead", ins.Keyword.Value, key, where)
			}
		}
	}
}
