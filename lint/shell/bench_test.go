package shell

import "testing"

// runs are RUN texts in the style of real Dockerfiles: package installs,
// downloads with checks, and a heredoc body.
var runs = []string{
	`apt-get update && apt-get install -y --no-install-recommends ca-certificates curl gnupg=2.2.* && rm -rf /var/lib/apt/lists/*`,
	`set -eux; dpkgArch="$(dpkg --print-architecture)"; case "${dpkgArch##*-}" in amd64) ARCH='x64';; arm64) ARCH='arm64';; *) echo "unsupported: $dpkgArch"; exit 1 ;; esac; curl -fsSLO --compressed "https://example.org/dist/v$VERSION/app-$ARCH.tar.xz"; echo "$SHA256 *app-$ARCH.tar.xz" | sha256sum -c -; tar -xJf "app-$ARCH.tar.xz" -C /usr/local --strip-components=1 --no-same-owner && rm "app-$ARCH.tar.xz"`,
	`apk add --no-cache --virtual .build-deps gcc musl-dev libffi-dev && pip install --no-cache-dir -r /tmp/requirements.txt && apk del .build-deps`,
	`groupadd -r app --gid=999 && useradd -l -r -g app --uid=999 --home-dir=/app --shell=/sbin/nologin app && mkdir -p /app && chown -R app:app /app`,
	`yum install -y epel-release && yum install -y nginx-1.20.1 && yum clean all && rm -rf /var/cache/yum`,
	`DEBIAN_FRONTEND=noninteractive sudo -E apt-get -qq -o Dpkg::Options::=--force-confnew install -y tzdata 2>&1 >/dev/null`,
	"#!/bin/bash\nset -euo pipefail\nfor f in /docker-entrypoint.d/*.sh; do\n  if [ -x \"$f\" ]; then\n    \"$f\" \\\n      --verbose\n  fi\ndone\ncat > /etc/app.conf <<EOF\nlisten 80\nEOF\n",
	`npm ci --omit=dev && npm cache clean --force && go install golang.org/x/tools/gopls@v0.16.0 && gem install bundler -v 2.5.0`,
}

func BenchmarkParse(b *testing.B) {
	size := 0
	for _, r := range runs {
		size += len(r)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range runs {
			Parse(r, POSIX)
		}
	}
}

// BenchmarkParseParser is BenchmarkParse with every text going through
// the shell parser, for comparison with the splitter's fast path.
func BenchmarkParseParser(b *testing.B) {
	size := 0
	for _, r := range runs {
		size += len(r)
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, r := range runs {
			parse(r, POSIX, false)
		}
	}
}
