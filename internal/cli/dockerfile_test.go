package cli

import (
	"bytes"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"

	"github.com/berth-dev/berth/lint"
	"github.com/berth-dev/berth/rules"
)

// TestOwnDockerfile lints the repository's Dockerfile, the one that ships
// berth as an image: every rule that runs by default, at every severity,
// must find nothing, through the library and through "berth lint" (which
// also reads any .berth.yaml above it). It also pins the image's shape: a
// static, stripped build of berth and berth-engine (which runs berth lsp
// and berth pin) side by side in an empty image run by an unprivileged
// user.
// (Building the image needs the Go module proxy, which the test daemon
// has no network for, so no test builds it.)
func TestOwnDockerfile(t *testing.T) {
	const path = "../../Dockerfile"
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range lint.Run(lint.NewDocument(path, src), rules.All(), &lint.Config{}) {
		t.Errorf("Dockerfile: %s %s: %s", d.Severity, d.Code, d.Message)
	}

	var stdout, stderr bytes.Buffer
	e := &Env{Stdin: strings.NewReader(""), Stdout: &stdout, Stderr: &stderr, Getenv: func(string) string { return "" }}
	args := []string{"lint", "--failure-threshold", "style", path}
	if _, err := exec.LookPath("shellcheck"); err != nil {
		// Without the program berth says so on stderr; CI has it.
		args = append(args, "--shellcheck=off")
	}
	if code := Run(e, args); code != exitOK || stdout.Len() > 0 || stderr.Len() > 0 {
		t.Errorf("berth lint --failure-threshold style %s: exit %d\n%s%s", path, code, &stdout, &stderr)
	}

	for _, want := range []string{
		`(?m)^FROM golang:\S+ AS build$`,
		`(?m)^ENV CGO_ENABLED=0$`,
		`(?m)^RUN go build -trimpath .*-ldflags "-s -w[ "].* -o /out/ \./cmd/berth \./cmd/berth-engine$`,
		`(?m)^FROM scratch$`,
		`(?m)^COPY --from=build /out/berth /out/berth-engine /$`,
		`(?m)^USER [1-9][0-9]*(:[1-9][0-9]*)?$`,
		`(?m)^ENTRYPOINT \["/berth"\]$`,
		`(?m)^CMD \["lint", "-"\]$`,
	} {
		if !regexp.MustCompile(want).Match(src) {
			t.Errorf("Dockerfile does not match %s", want)
		}
	}
	// The final stage is the last FROM: nothing after FROM scratch but
	// the binary.
	final := src[bytes.LastIndex(src, []byte("\nFROM ")):]
	if !bytes.HasPrefix(final, []byte("\nFROM scratch\n")) {
		t.Errorf("the final stage is not FROM scratch:\n%s", final)
	}
}
