package rules

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/moby/buildkit/client/llb"
	"github.com/moby/buildkit/frontend/dockerfile/dockerfile2llb"
	"github.com/moby/buildkit/frontend/dockerui"
	"github.com/moby/buildkit/solver/pb"
	ocispecs "github.com/opencontainers/image-spec/specs-go/v1"

	"github.com/berth-dev/berth/lint"
)

// The prebuild sweep runs generated variants of every instruction (each
// flag, argument counts, every variable modifier BuildKit supports and
// some it does not, quotes, ports, signals, platforms, mounts, stage
// references) through BuildKit's own frontend conversion, offline, and
// wants berth to report an error exactly when BuildKit fails, on the
// instruction BuildKit names.

// prebuildCodes are the rules whose errors stand for a failure of
// BuildKit's parse or conversion.
var prebuildCodes = map[string]bool{
	"DL1000": true, "BR030": true, "DL3011": true, "DL3023": true, "DL3043": true,
}

// buildkitFailure is BuildKit's verdict on a file: "" when it converts.
type buildkitFailure struct {
	Msg        string
	Start, End int // 1-based lines; 0 when BuildKit gives none
}

// buildkitConvert converts src with BuildKit's frontend, offline (the
// same call as the parity test), and returns its error.
func buildkitConvert(src []byte) (f buildkitFailure) {
	defer func() {
		if p := recover(); p != nil {
			f = buildkitFailure{Msg: fmt.Sprintf("panic: %v", p)}
		}
	}()
	sm := llb.NewSourceMap(nil, "Dockerfile", "Dockerfile", src)
	sm.Definition = &llb.Definition{}
	caps := pb.Caps.CapSet(pb.Caps.All())
	plat := ocispecs.Platform{OS: "linux", Architecture: "amd64"}
	res, err := dockerfile2llb.DockerfileLint(context.Background(), src, dockerfile2llb.ConvertOpt{
		Config:       dockerui.Config{BuildPlatforms: []ocispecs.Platform{plat}},
		SourceMap:    sm,
		MetaResolver: fakeResolver{},
		LLBCaps:      &caps,
	})
	if err != nil {
		return buildkitFailure{Msg: err.Error()}
	}
	if res.Error == nil {
		return buildkitFailure{}
	}
	f.Msg = res.Error.Message
	for i, r := range res.Error.Location.Ranges {
		if i == 0 || int(r.Start.Line) < f.Start {
			f.Start = int(r.Start.Line)
		}
		f.End = max(f.End, int(r.End.Line))
	}
	return f
}

// prebuildWords are the words put where an instruction expands one:
// literals, every modifier the lexer supports, unsupported ones, quotes.
var prebuildWords = []string{
	"x", "/x", "$a", "${a}", "${u}", "${e}",
	"${a:-b}", "${u:-b}", "${e:-b}", "${a-b}", "${u-b}", "${e-b}",
	"${a:+b}", "${u:+b}", "${a+b}", "${e+b}",
	"${a:?b}", "${u:?b}", "${e:?b}", "${a?b}", "${u?b}", "${e?b}",
	"${a#v}", "${a##*a}", "${a%l}", "${a%%a*}", "${a/a/o}", "${a//a/o}", "${u/a/o}",
	"${a:1}", "${a:1:2}", "${a:x}", "${a:=b}", "${a=b}", "${a^}", "${a,}", "${#a}", "${!a}",
	"${a", "${}", "${a:-${u:x}}", "$", "a$", `\$a`,
	`"x`, `'x`, `"x"`, `'$a'`, `"$a"`, `x"y`, `"${a:x}"`, `'${a:x}'`,
}

// prebuildVariant is one generated file; Subject is the line of the
// instruction under test, for the report.
type prebuildVariant struct {
	Name string
	Src  string
}

// prebuildHead declares a (set), e (empty) and leaves u undefined.
const prebuildHead = "ARG a=val\nARG e=\nFROM scratch AS base\nARG a\nARG e\n"

func prebuildVariants() []prebuildVariant {
	var out []prebuildVariant
	add := func(name, body string) {
		if strings.HasPrefix(body, "ONBUILD") {
			// BuildKit parses a trigger only in a stage built on this one.
			body += "\nFROM base"
		}
		out = append(out, prebuildVariant{Name: name, Src: prebuildHead + body + "\n"})
	}
	addRaw := func(name, src string) { out = append(out, prebuildVariant{Name: name, Src: src}) }
	for _, w := range prebuildWords {
		for _, tpl := range []string{
			"ENV k=%s", "ENV k %s", "ENV k=%s k2=x", "ARG k=%s", "LABEL k=%s", "LABEL k %s",
			"COPY %s /d/", "COPY s %s", "ADD %s /d/", "ADD s %s", "COPY [\"%s\", \"/d/\"]",
			"EXPOSE %s", "EXPOSE 80 %s", "USER %s", "WORKDIR %s", "VOLUME %s", "VOLUME [\"%s\"]",
			"STOPSIGNAL %s", "RUN --mount=type=cache,target=%s true", "RUN --mount=type=bind,source=%s,target=/m true",
			"RUN echo %s", "CMD echo %s", "ENTRYPOINT [\"%s\"]", "HEALTHCHECK CMD echo %s", "SHELL [\"%s\"]",
			"COPY --chown=%s s /d/", "COPY --chmod=%s s /d/", "ADD --chown=%s s /d/",
			"ONBUILD ENV k=%s", "MAINTAINER %s",
		} {
			add(tpl+" | "+w, fmt.Sprintf(tpl, w))
		}
		addRaw("meta ARG | "+w, "ARG u0=1\nARG k="+w+"\nFROM scratch\n")
		addRaw("FROM image | "+w, "ARG a=alpine\nARG e=\nFROM "+w+"\n")
		addRaw("FROM image:tag | "+w, "ARG a=alpine\nARG e=\nFROM alpine:"+w+"\n")
		addRaw("FROM --platform | "+w, "ARG a=linux/arm64\nARG e=\nFROM --platform="+w+" scratch\n")
		addRaw("FROM AS | "+w, "ARG a=alpine\nFROM scratch AS "+w+"\n")
	}
	// The same words in a stage built on an image (whose environment,
	// offline, is empty: u is left out, the image may set it), with the
	// backtick escape, and in ONBUILD triggers run by a child stage.
	for _, w := range prebuildWords {
		if strings.Contains(w, "u") {
			continue
		}
		for _, tpl := range []string{"ENV k=%s", "ARG k=%s", "LABEL k=%s", "COPY %s /d/", "EXPOSE %s", "USER %s", "WORKDIR %s",
			"VOLUME %s", "STOPSIGNAL %s", "RUN --mount=type=cache,target=%s true"} {
			body := fmt.Sprintf(tpl, w)
			addRaw("alpine | "+tpl+" | "+w, "ARG a=val\nARG e=\nFROM alpine AS base\nARG a\nARG e\n"+body+"\n")
			addRaw("escape | "+tpl+" | "+w, "# escape=`\nARG a=val\nARG e=\nFROM scratch AS base\nARG a\nARG e\n"+strings.ReplaceAll(body, `\`, "`")+"\n")
			add("ONBUILD | "+tpl+" | "+w, "ONBUILD "+body)
		}
	}
	// Argument counts.
	for _, ins := range []string{"ENV", "ARG", "LABEL", "COPY", "ADD", "EXPOSE", "USER", "WORKDIR", "VOLUME",
		"STOPSIGNAL", "RUN", "CMD", "ENTRYPOINT", "HEALTHCHECK", "SHELL", "MAINTAINER", "ONBUILD", "FROM"} {
		for _, args := range []string{"", " a", " a b", " a b c", " a=1", " a=1 b", " [\"a\"]", " [\"a\", \"b\"]", " ['a']", " [\"a\", 1]", " NONE", " CMD", " CMD true"} {
			add(ins+args, ins+args)
		}
	}
	// Flags.
	flags := map[string][]string{
		"COPY": {"--from=base", "--from=later", "--from=0", "--from=1", "--from=9", "--from=$a", "--from=alpine:3", "--from=", "--chown=1:2", "--chown=a:b",
			"--chown=a:b --link", "--chown=1:2 --link", "--chmod=755", "--chmod=0755", "--chmod=7777", "--chmod=10000", "--chmod=999", "--chmod=u+x",
			"--chmod=u=rwx,go=rx", "--chmod=x+q", "--link", "--link=false", "--link=maybe", "--parents", "--exclude=*.md", "--checksum=sha256:0",
			"--keep-git-dir", "--unknown", "--from=base --from=base"},
		"ADD": {"--chown=1", "--chmod=644", "--chmod=888", "--link", "--checksum=sha256:0", "--keep-git-dir=true", "--keep-git-dir=maybe",
			"--unpack=true", "--exclude=x", "--from=base"},
		"RUN": {"--mount=type=cache,target=/c", "--mount=type=cache", "--mount=type=bind", "--mount=type=bind,target=/", "--mount=type=bind,target=m",
			"--mount=type=bind,from=base,target=/m", "--mount=type=bind,from=later,target=/m", "--mount=type=bind,from=0,target=/m", "--mount=type=bind,from=alpine,target=/m",
			"--mount=type=tmpfs,target=/t", "--mount=type=tmpfs,target=/t,size=1g", "--mount=type=tmpfs,target=/t,size=x",
			"--mount=type=secret", "--mount=type=secret,id=s", "--mount=type=secret,target=/s", "--mount=type=secret,id=s,env=S",
			"--mount=type=ssh", "--mount=type=ssh,source=/x", "--mount=type=ssh,id=k",
			"--mount=type=cache,target=/c,sharing=locked", "--mount=type=cache,target=/c,sharing=foo", "--mount=type=cache,target=/c,uid=a",
			"--mount=type=cache,target=/c,mode=0755", "--mount=type=cache,target=/c,mode=x", "--mount=type=foo", "--mount=foo", "--mount=type=cache,target=$a",
			"--mount=type=cache,target=${a:x}", "--mount=type=cache,target=/c,readonly", "--mount=type=cache,target=/c,ro=maybe",
			"--network=none", "--network=host", "--network=default", "--network=foo", "--security=insecure", "--security=sandbox", "--security=foo",
			"--device=foo", "--unknown"},
		"FROM": {"--platform=linux/amd64", "--platform=linux", "--platform=$BUILDPLATFORM", "--platform=$TARGETPLATFORM", "--platform=$NOPE",
			"--platform=linux/arm64/v8", "--platform=foo/bar/baz/qux", "--platform=windows/amd64", "--platform=", "--platform=a/", "--unknown=1"},
		"HEALTHCHECK": {"--interval=30s", "--interval=x", "--timeout=1s", "--retries=3", "--retries=x", "--start-period=5s", "--start-interval=1s", "--unknown=1"},
	}
	for ins, fs := range flags {
		for _, f := range fs {
			switch ins {
			case "COPY", "ADD":
				add(ins+" "+f, ins+" "+f+" s /d/")
				add(ins+" "+f+" url", ins+" "+f+" https://example.com/x /d/")
			case "RUN":
				add(ins+" "+f, ins+" "+f+" true")
			case "FROM":
				addRaw(ins+" "+f, "FROM "+f+" scratch\n")
			case "HEALTHCHECK":
				add(ins+" "+f, ins+" "+f+" CMD true")
			}
		}
		if ins == "COPY" || ins == "RUN" {
			for _, f := range fs {
				addRaw(ins+" "+f+" (later stage)", "FROM scratch AS base\n"+map[string]string{"COPY": "COPY " + f + " s /d/", "RUN": "RUN " + f + " true"}[ins]+"\nFROM scratch AS later\n")
			}
		}
	}
	// Values that only some instructions refuse.
	for _, v := range []string{"80", "80/tcp", "80/TCP", "80/tcp/tcpx", "80/http", "0", "65535", "65536", "-1", "8000-8010", "8010-8000",
		"8000-8000", "80-", "-80", "80:80", "8080:80/udp", "1.2.3.4:80:80", "[::1]:80:80", "[::1:80:80", "a:b:c:d", "x:80:80", ":80", "80/", "/tcp",
		"80:80-81", "80-81:80", "80-81:90-91", "80-81:90-92", "$a", "${u}", "${a:-80}", "${u:-99999}", `"80 81"`} {
		add("EXPOSE value | "+v, "EXPOSE "+v)
	}
	for _, v := range []string{"SIGTERM", "TERM", "sigterm", "15", "0", "-1", "99999", "SIGRTMIN+3", "RTMAX-1", "SIGRTMAX-15", "SIGFOO", "SIGKILL extra", "$a", "${u}", "${u:-SIGINT}", `"SIGTERM"`} {
		add("STOPSIGNAL value | "+v, "STOPSIGNAL "+v)
	}
	for _, v := range []string{`[]`, `[""]`, `["/a", ""]`, `["/a", "/b"]`, `/a /b`, `"" /a`, `'' /a`, `['/a']`, `["/a",]`, `[/a]`, `${u}`, `${e}`} {
		add("VOLUME value | "+v, "VOLUME "+v)
	}
	for _, body := range []string{"${a:x}", "${a}", "$u", "${a:?b}", "${u:?b}", "'${a:x}'", "\\${a:x}"} {
		add("COPY heredoc | "+body, "COPY <<eot /d\n"+body+"\neot")
		add("COPY quoted heredoc | "+body, "COPY <<'eot' /d\n"+body+"\neot")
		add("RUN heredoc | "+body, "RUN <<eot\n"+body+"\neot")
		add("RUN heredoc cat | "+body, "RUN cat <<eot\n"+body+"\neot")
	}
	for _, src := range []string{"git@github.com:a/b.git", "https://github.com/a/b.git", "https://github.com/a/b.git#main", "https://example.com/x.tar.gz", "x.tar.gz", "http://x/y"} {
		add("ADD source | "+src, "ADD "+src+" /d/")
		add("ADD checksum source | "+src, "ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d "+src+" /d/")
		add("COPY source | "+src, "COPY "+src+" /d/")
	}
	for _, st := range []string{"FROM alpine", "FROM scratch"} {
		for _, ins := range []string{"USER $u", "WORKDIR $u", "STOPSIGNAL $u", "EXPOSE $u", "EXPOSE ${u}/tcp", "VOLUME $u", "COPY $u /d/", "ENV k=${u:?x}"} {
			addRaw(st+" | "+ins, st+"\n"+ins+"\n")
		}
	}
	// Whole files and stage resolution.
	for _, src := range []string{
		"", "\n", "# c\n", "ARG x\n", "ARG x\nARG y=1\n", "RUN x\n", "ENV a=1\nFROM scratch\n", "# syntax=docker/dockerfile:1\n",
		"FROM alpine:^\n", "FROM Alpine\n", "FROM alpine:3@sha256:abc\n", "FROM localhost:5000/x:1\n", "FROM a/b/c:d\n", "FROM -x\n",
		"FROM scratch AS a\nFROM a\n", "FROM b AS a\nFROM scratch AS b\n", "FROM scratch AS a\nCOPY --from=a x y\n",
		"FROM scratch AS x\nFROM scratch AS x\n", "FROM scratch AS 1a\n", "FROM scratch AS a-b_c.d\n",
		"FROM scratch AS a\nONBUILD COPY <<eot\nhi\neot\nFROM a\n", "FROM scratch AS a\nONBUILD COPY <<eot\nhi\neot\n",
		"FROM scratch AS a\nONBUILD RUN <<eot\nhi\neot\nFROM a\n", "FROM scratch AS a\nONBUILD ONBUILD RUN x\n",
		"FROM scratch AS a\nONBUILD FROM x\n", "FROM scratch AS a\nONBUILD MAINTAINER x\n",
		"FROM scratch AS a\nONBUILD COPY --from=a x y\nFROM a\n",
		"FROM scratch AS a\nONBUILD STOPSIGNAL foo\nFROM a\n", "FROM scratch AS a\nONBUILD EXPOSE 99999\nFROM a\n",
		"FROM scratch\nCOPY <<eot /d\nhi\neot\n", "FROM scratch\nCOPY <<eot\nhi\neot\n", "FROM scratch\nRUN <<eot\nhi\neot\n",
		"FROM scratch\nRUN <<eot\nhi\n", "FROM scratch\nCOPY a <<eot\nhi\neot\n",
		"FROM scratch\nRUN a\rRUN b\r", "FROM scratch\rRUN a\r", "FROM scratch\r\nRUN a\r\n", "FROM scratch\nRUN a \\\r  b\n",
		"FROM scratch\nENV a=1\rENV b=2\n", "FROM scratch\nLABEL a=\"x\ry\"\n",
		"# escape=`\nFROM scratch\nENV a=`\"x\n", "# escape=x\nFROM scratch\n", "# check=error=true\nFROM scratch\n",
		"FROM scratch\nENV a=${a:x}\nENV b=${b:x}\n",
		"FROM scratch\nONBUILD FORM x\n",
		"FROM scratch AS base_stage\nFROM base_stage AS BUG_stage\nFROM BUG_stage\n", "FROM scratch AS Up\nFROM up\n",
		"# check=skip=FromAsCasing;error=true\nFROM scratch\n", "# check=error=maybe\nFROM scratch\n", "# check=foo=bar\nFROM scratch\n",
		"# check=skip=all;error=true\rFROM scratch\r", "ARG V=${x:y}\nFROM alpine:${V}\n",
		"ARG SOURCE_DATE_EPOCH=src\nFROM alpine AS src\nADD https://x/y /\nFROM scratch\n", "ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nRUN x\nFROM scratch\n",
		"ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nARG V=1\nADD https://x/y /\nFROM scratch\n", "ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nADD a /\nFROM scratch\n",
		"ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nFROM scratch\n", "ARG SOURCE_DATE_EPOCH=1700000000\nFROM scratch\n", "ARG SOURCE_DATE_EPOCH=context\nFROM scratch\n",
		"ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nADD https://x/y https://x/z /\nFROM scratch\n", "ARG SOURCE_DATE_EPOCH=src\nFROM scratch AS src\nADD git@github.com:a/b.git /\nFROM scratch\n",
		"ARG SOURCE_DATE_EPOCH=${x:y}\nFROM scratch\n",
	} {
		addRaw(fmt.Sprintf("file %q", src), src)
	}
	return out
}

// prebuildDeliberate are the files on which berth differs from BuildKit
// on purpose, with the reason.
var prebuildDeliberate = map[string]string{
	"# check=skip=all;error=true\rFROM scratch\r": "not deliberate, a known gap outside the rules: berth applies check=skip=all to every rule (lint.matchAny), errors included, where BuildKit skips only its checks; BR030 reports the directive, the suppression hides it",
	"FROM alpine\nEXPOSE ${u}/tcp\n":              "u is not defined in the file, but the base image may set it (offline, BuildKit knows no image environment); berth reports the undefined variable as a warning (BR006)",
	"FROM scratch\nONBUILD FORM x\n":              "BuildKit parses an ONBUILD trigger only when a stage of the build is based on it; berth reports a trigger that can never run (DL1000) at once, since every image built on this one fails",
}

// prebuildMatches reports whether BuildKit's failure at a child FROM
// line comes from an ONBUILD trigger of its base stage.
func prebuildMatches(doc *lint.Document, f buildkitFailure, errs []lint.Diagnostic) bool {
	if f.Start == 0 {
		return len(errs) > 0
	}
	lo, hi := f.Start, f.End
	for _, ins := range doc.File.Instructions {
		if ins.StartLine <= f.End && f.Start <= ins.EndLine {
			lo, hi = min(lo, ins.StartLine), max(hi, ins.EndLine)
			// A trigger fails in the stage built on its stage, at its FROM.
			if st := doc.StageOf(ins); st != nil && st.From == ins && st.BaseStage != nil {
				for _, b := range st.BaseStage.Instructions {
					if b.Cmd == "onbuild" {
						lo = min(lo, b.StartLine)
					}
				}
			}
		}
	}
	if strings.HasPrefix(f.Msg, "dockerfile line greater than max allowed size") || f.Msg == "file with no instructions" {
		// BuildKit's line is wrong (the first, or the last of the file).
		return len(errs) > 0
	}
	for _, d := range errs {
		l, _ := doc.File.LineCol(d.Range.Start)
		if e, _ := doc.File.LineCol(d.Range.End); l <= hi && lo <= e {
			return true
		}
		if d.Range.Start == 0 && d.Range.End == 0 && len(doc.File.Src) == 0 {
			return true
		}
	}
	return false
}

func TestPrebuildSweep(t *testing.T) {
	variants := prebuildVariants()
	all := All()
	cfg := &lint.Config{}
	for _, r := range all {
		cfg.Enable = append(cfg.Enable, r.Code)
	}
	type verdict struct {
		name, src, bk string
		berth         []string
	}
	var agree, bkFails, berthErrs, deliberate int
	var differ []verdict
	for _, v := range variants {
		src := []byte(v.Src)
		f := buildkitConvert(src)
		doc := lint.NewDocument("Dockerfile", src)
		var errs []lint.Diagnostic
		for _, d := range lint.Run(doc, all, cfg) {
			if prebuildCodes[d.Code] && d.Severity == lint.Error {
				errs = append(errs, d)
			}
		}
		if f.Msg != "" {
			bkFails++
		}
		if len(errs) > 0 {
			berthErrs++
		}
		reason, ok := prebuildDeliberate[v.Src]
		if !ok && strings.HasPrefix(v.Src, "FROM alpine\n") && (strings.Contains(v.Src, "$u") || strings.Contains(v.Src, "${u")) && f.Msg != "" && len(errs) == 0 {
			reason, ok = "u is not defined in the file, but the base image may set it (offline, BuildKit knows no image environment); berth judges only what fails whatever its value", true
		}
		if ok {
			deliberate++
			t.Logf("deliberate difference on %q: %s", v.Src, reason)
			continue
		}
		ok = (f.Msg == "") == (len(errs) == 0)
		if ok && f.Msg != "" {
			ok = prebuildMatches(doc, f, errs)
		}
		if ok {
			agree++
			continue
		}
		vd := verdict{name: v.Name, src: v.Src, bk: f.Msg}
		if f.Msg != "" {
			vd.bk = fmt.Sprintf("%s [lines %d-%d]", f.Msg, f.Start, f.End)
		}
		for _, d := range errs {
			l, c := doc.File.LineCol(d.Range.Start)
			vd.berth = append(vd.berth, fmt.Sprintf("%d:%d %s %s", l, c, d.Code, d.Message))
		}
		differ = append(differ, vd)
	}
	sort.Slice(differ, func(i, j int) bool { return differ[i].name < differ[j].name })
	for _, d := range differ {
		t.Errorf("%s\n  source: %q\n  BuildKit: %s\n  berth: %s", d.name, d.src, orOK(d.bk), orOK(strings.Join(d.berth, "; ")))
	}
	t.Logf("prebuild sweep: %d variants, %d agreements, %d differences, %d excused (prebuildDeliberate); BuildKit fails on %d, berth reports an error on %d",
		len(variants), agree, len(differ), deliberate, bkFails, berthErrs)
}

// prebuildCorpusExcused says why a corpus file may differ: BuildKit's
// error depends on what the build passes, not on the file.
func prebuildCorpusExcused(msg string, doc *lint.Document, diags []lint.Diagnostic) string {
	switch {
	case strings.HasPrefix(msg, "invalid SOURCE_DATE_EPOCH"):
		return "SOURCE_DATE_EPOCH names no stage: a --build-context of that name, which only the build gives (BR031 warns)"
	case strings.HasPrefix(msg, "lint violation found for rules"):
		// check=error=true: berth raises the BuildKit checks to errors.
		for _, d := range diags {
			if r := ByName(d.Code); r != nil && len(r.Aliases) > 0 && d.Severity == lint.Error {
				return "check=error=true: the check is an error in berth too"
			}
		}
	}
	for _, d := range doc.File.Directives {
		if d.Name == "check" && strings.Contains(d.Value, "skip=all") {
			return "check=skip=all silences every berth rule (lint.matchAny), errors included"
		}
	}
	return ""
}

// TestPrebuildCorpus converts every corpus file with BuildKit, as written,
// with CR-only line endings and with CRLF, and wants berth to report an
// error exactly when BuildKit fails. A lone CR is no line break for
// BuildKit (its scanner splits on LF and trims one CR before it), so a
// CR-only file is one long line.
func TestPrebuildCorpus(t *testing.T) {
	if testing.Short() {
		t.Skip("slow: converts the corpus three times")
	}
	files := corpusFiles(t)
	all := All()
	cfg := &lint.Config{}
	for _, r := range all {
		cfg.Enable = append(cfg.Enable, r.Code)
	}
	endings := []struct {
		name string
		conv func(string) string
	}{
		{"as written", func(s string) string { return s }},
		{"CR only", func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r")
		}},
		{"CRLF", func(s string) string {
			return strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\n", "\r\n")
		}},
	}
	for _, e := range endings {
		var n, agree, excused int
		for _, path := range files {
			raw, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			src := []byte(e.conv(string(raw)))
			doc := lint.NewDocument(path, src)
			if len(doc.File.Instructions) > parityMaxInstructions {
				continue
			}
			n++
			f := buildkitConvert(src)
			diags := lint.Run(doc, all, cfg)
			var errs []lint.Diagnostic
			for _, d := range diags {
				if prebuildCodes[d.Code] && d.Severity == lint.Error {
					errs = append(errs, d)
				}
			}
			ok := (f.Msg == "") == (len(errs) == 0)
			if ok && f.Msg != "" {
				ok = prebuildMatches(doc, f, errs)
			}
			if ok {
				agree++
				continue
			}
			if why := prebuildCorpusExcused(f.Msg, doc, diags); why != "" {
				excused++
				continue
			}
			var got []string
			for _, d := range errs {
				l, c := doc.File.LineCol(d.Range.Start)
				got = append(got, fmt.Sprintf("%d:%d %s %s", l, c, d.Code, d.Message))
			}
			t.Errorf("%s (%s):\n  BuildKit: %s [lines %d-%d]\n  berth: %s", path, e.name, orOK(f.Msg), f.Start, f.End, orOK(strings.Join(got, "; ")))
		}
		t.Logf("corpus %s: %d files, %d agreements, %d excused", e.name, n, agree, excused)
	}
}

func orOK(s string) string {
	if s == "" {
		return "ok"
	}
	return s
}

// TestSingleQuotedJSONFix: JSON written with single quotes (VOLUME
// ['/a'], CMD ['a']) gets a fix to double quotes.
func TestSingleQuotedJSONFix(t *testing.T) {
	src := []byte("FROM scratch\nVOLUME ['/a', '/b']\nCMD ['a']\nENTRYPOINT ['x', 'y']\n")
	doc := lint.NewDocument("Dockerfile", src)
	diags := lint.Run(doc, []*lint.Rule{BR016}, &lint.Config{})
	if len(diags) != 3 {
		t.Fatalf("got %d diagnostics, want 3: %+v", len(diags), diags)
	}
	var edits []lint.Edit
	for _, d := range diags {
		if len(d.Fixes) == 0 {
			t.Fatalf("%s: no fix", d.Message)
		}
		edits = append(edits, d.Fixes[0].Edits...)
	}
	got, err := lint.Apply(src, edits)
	if err != nil {
		t.Fatal(err)
	}
	want := "FROM scratch\nVOLUME [\"/a\", \"/b\"]\nCMD [\"a\"]\nENTRYPOINT [\"x\", \"y\"]\n"
	if string(got) != want {
		t.Errorf("fixed:\n%s\nwant:\n%s", got, want)
	}
}
