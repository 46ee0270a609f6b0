package engine

import (
	"context"
	"strings"
	"testing"

	"github.com/distribution/reference"

	"github.com/berth-dev/berth/internal/testdaemon"
)

const (
	digestA = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
	digestB = "sha256:bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
)

func TestRepoDigestPick(t *testing.T) {
	tests := []struct {
		ref     string
		digests []string
		want    string
		err     string
	}{
		{"busybox:1.36", []string{"busybox@" + digestA}, digestA, ""},
		{"docker.io/library/busybox:1.36", []string{"busybox@" + digestA}, digestA, ""},
		{"busybox", []string{"docker.io/library/busybox@" + digestA}, digestA, ""},
		{"localhost:5000/busybox:1.36", []string{"busybox@" + digestB, "localhost:5000/busybox@" + digestA}, digestA, ""},
		{"org/app:1", []string{"org/app@" + digestB}, digestB, ""},
		{"myapp:dev", nil, "", "has no repository digest: it was built locally"},
		{"mytag:1", []string{"busybox@" + digestA}, "", "no repository digest for mytag (only for busybox)"},
	}
	for _, tc := range tests {
		named, err := reference.ParseNormalizedNamed(tc.ref)
		if err != nil {
			t.Fatal(err)
		}
		got, err := repoDigest(named, tc.digests)
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("repoDigest(%q, %q) = %q, %v; want an error containing %q", tc.ref, tc.digests, got, err, tc.err)
			}
			continue
		}
		if err != nil || got != tc.want {
			t.Errorf("repoDigest(%q, %q) = %q, %v; want %q", tc.ref, tc.digests, got, err, tc.want)
		}
	}
}

func TestRepoDigestBadRef(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: "unix://" + socketPath(t)})
	if _, err := c.RepoDigest(context.Background(), "UPPER:case"); err == nil || IsUnreachable(err) {
		t.Errorf("RepoDigest of an invalid reference = %v, want a reference error before any call", err)
	}
	if _, err := c.Image(context.Background(), " "); err == nil || IsUnreachable(err) {
		t.Errorf("Image of an empty reference = %v, want an error before any call", err)
	}
}

func TestImagesDocker(t *testing.T) {
	c := newTestClient(t, Endpoint{Host: testdaemon.Docker(t)})
	ctx := context.Background()
	if err := c.Pull(ctx, testdaemon.Busybox, "", nil); err != nil {
		t.Fatal(err)
	}
	list, err := c.Images(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var found *Image
	for i := range list {
		for _, tag := range list[i].RepoTags {
			if tag == testdaemon.Busybox {
				found = &list[i]
			}
		}
	}
	if found == nil {
		t.Fatalf("Images = %+v, want %s among them", list, testdaemon.Busybox)
	}
	if found.ID == "" || found.Size <= 0 || found.Created.IsZero() || len(found.RepoDigests) == 0 {
		t.Errorf("Images: %s = %+v, want ID, size, creation time and repo digests", testdaemon.Busybox, found)
	}

	img, err := c.Image(ctx, testdaemon.Busybox)
	if err != nil {
		t.Fatal(err)
	}
	if img.ID != found.ID || img.OS != "linux" || img.Arch == "" || img.Created.IsZero() {
		t.Errorf("Image(%s) = %+v, want the listed ID %s with its platform", testdaemon.Busybox, img, found.ID)
	}
	if p := img.Platform(); !strings.HasPrefix(p, "linux/") {
		t.Errorf("Platform() = %q", p)
	}

	_, err = c.Image(ctx, "localhost:5000/berth-no-such-image:1")
	if !IsNotFound(err) || IsUnreachable(err) {
		t.Errorf("Image of a missing image = %v, want a not-found error", err)
	}
	if _, err := c.RepoDigest(ctx, "localhost:5000/berth-no-such-image:1"); !IsNotFound(err) {
		t.Errorf("RepoDigest of a missing image = %v, want a not-found error", err)
	}
}
