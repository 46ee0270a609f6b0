package lint

import "strings"

// IsDockerfileName reports whether a file is a Dockerfile by its name, for
// "berth lint" searching a folder and the language server looking for a
// folder's Dockerfiles: Dockerfile (or dockerfile), Dockerfile.*, a name
// ending in Dockerfile or dockerfile (api.Dockerfile, web.dockerfile, and
// miDockerfile, as the tutorial our users learned from names it for
// "docker build -f"), and the same with Containerfile; but not hidden
// files, BuildKit's per-Dockerfile ignore files (Dockerfile.dockerignore),
// documents and notes (Dockerfile.md, Dockerfile.txt) or editors' and
// patch tools' leftovers. fixtures/dockerfile-names.txt holds examples,
// which .pre-commit-hooks.yaml's files pattern and the Neovim plugin's
// is_dockerfile answer alike.
func IsDockerfileName(name string) bool {
	switch {
	case name == "Dockerfile" || name == "Containerfile" || name == "dockerfile" || name == "containerfile":
		return true
	case strings.HasSuffix(name, "Dockerfile") || strings.HasSuffix(name, "dockerfile") ||
		strings.HasSuffix(name, "Containerfile") || strings.HasSuffix(name, "containerfile"):
		return !strings.HasPrefix(name, ".")
	case strings.HasPrefix(name, "Dockerfile.") || strings.HasPrefix(name, "Containerfile.") ||
		strings.HasPrefix(name, "dockerfile.") || strings.HasPrefix(name, "containerfile."):
		lower := strings.ToLower(name)
		for _, suffix := range notDockerfileSuffixes {
			if strings.HasSuffix(lower, suffix) {
				return false
			}
		}
		return true
	}
	return false
}

// notDockerfileSuffixes end the names of files next to a Dockerfile that
// are not Dockerfiles: ignore files, documents, patch and editor leftovers.
var notDockerfileSuffixes = []string{
	".dockerignore", ".md", ".markdown", ".rst", ".txt", ".adoc",
	".orig", ".rej", ".bak", ".swp", ".swo", ".tmp", ".old", "~",
}
