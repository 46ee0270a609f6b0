package lsp

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/berth-dev/berth/internal/testdaemon"
)

// BenchmarkNoopRebuild rebuilds the tutorial's example, with everything
// cached, through berth's build command and through `docker build`, in
// one run: berth should add little to what the daemon takes.
//
//	go test -run NONE -bench NoopRebuild -benchtime 20x ./lsp
func BenchmarkNoopRebuild(b *testing.B) {
	host := testdaemon.Docker(b)
	dir, err := filepath.Abs("../fixtures/daemon/imagenpersonalizada")
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(dir, "miDockerfile")
	text, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	// Debian's docker.io client builds with BuildKit itself; a newer
	// client elsewhere on PATH may want the buildx plugin.
	docker := "/usr/bin/docker"
	if _, err := os.Stat(docker); err != nil {
		if docker, err = exec.LookPath("docker"); err != nil {
			b.Skip("no docker CLI to compare with")
		}
	}
	dockerBuild := func() error {
		cmd := exec.Command(docker, "build", "-q", "--network", "none", "-t", "imagenpersonalizada", ".", "-f", "miDockerfile")
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "DOCKER_HOST="+host, "DOCKER_BUILDKIT=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			return fmt.Errorf("docker build: %v\n%s", err, out)
		}
		return nil
	}
	if err := dockerBuild(); err != nil { // warm the cache
		b.Fatal(err)
	}
	b.Run("docker-build", func(b *testing.B) {
		for b.Loop() {
			if err := dockerBuild(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("berth", func(b *testing.B) {
		s := newSession(b, sessionOptions{initOptions: fmt.Sprintf(`{"docker": {"host": %q}, "build": {"network": "none", "tag": "imagenpersonalizada"}}`, host)})
		u := fileURI(file)
		s.waitDiags(u, s.open(u, string(text)))
		build := func() {
			if _, err := s.execute(time.Minute, "", "berth.build", buildArg{URI: u}); err != nil {
				b.Fatal(err)
			}
		}
		build()
		b.ResetTimer()
		for b.Loop() {
			build()
		}
	})
}
